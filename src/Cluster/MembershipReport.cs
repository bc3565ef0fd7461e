using Akka.Actor;
using Akka.Cluster;
using CellActors.Messages;

namespace CellActors.Cluster;

/// <summary>The membership a node sees (<see cref="ClusterEvent.CurrentClusterState"/>) as a <see cref="ClusterMembers"/> answer.</summary>
public static class MembershipReport
{
    /// <summary>Every member by address with its status, reachability and roles; the leader; the oldest Up coordinator node.</summary>
    public static ClusterMembers Of(ClusterEvent.CurrentClusterState state, Address answeredBy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(answeredBy);
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new ClusterMemberState(m.Address.ToString(), m.Status.ToString(), !unreachable.Contains(m.Address),
                m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        var oldest = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(CellActorsCluster.Roles.Coordinator))
            .OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();
        return new ClusterMembers(members, state.Leader?.ToString(), oldest?.Address.ToString(), answeredBy.ToString());
    }
}
