namespace CellActors.Messages;

/// <summary>One cluster member in a <see cref="ClusterMembers"/> answer.</summary>
/// <param name="Address">Its address, <c>akka.tcp://cellactors@host:port</c>.</param>
/// <param name="Status">Akka's member status: <c>Joining</c>, <c>WeaklyUp</c>, <c>Up</c>, <c>Leaving</c>, <c>Exiting</c>, <c>Down</c>, <c>Removed</c>.</param>
/// <param name="Reachable">False while the failure detector of some member cannot reach it.</param>
/// <param name="Roles">Its roles, sorted (Akka's own <c>dc-</c> roles left out).</param>
public sealed record ClusterMemberState(string Address, string Status, bool Reachable, IReadOnlyList<string> Roles);
