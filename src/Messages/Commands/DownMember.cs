namespace CellActors.Messages;

/// <summary>Asks a contact node to mark the member at <paramref name="Address"/> down (Akka's <c>Cluster.Down</c>): for a node that crashed or froze.</summary>
public sealed record DownMember(string Address) : ICommand;
