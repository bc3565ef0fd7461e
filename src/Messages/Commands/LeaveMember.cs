namespace CellActors.Messages;

/// <summary>Asks a contact node to make the member at <paramref name="Address"/> leave the cluster gracefully (Akka's <c>Cluster.Leave</c>).</summary>
public sealed record LeaveMember(string Address) : ICommand;
