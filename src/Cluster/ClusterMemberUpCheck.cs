using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CellActors.Cluster;

/// <summary>
/// Readiness of a cluster node (an Akka.Hosting health check): healthy while this node is a member that is
/// <c>Up</c> (or <c>WeaklyUp</c>); unhealthy before it has joined and again once it is leaving, exiting, down or removed.
/// Unlike Akka.Cluster.Hosting's readiness check, which stays healthy once the node has joined, it follows the member's
/// status both ways, so a probe sees the node go as well as come.
/// </summary>
public sealed class ClusterMemberUpCheck : IAkkaHealthCheck
{
    /// <summary>Its name in health reports.</summary>
    public const string Name = "cluster-member-up";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cluster = Akka.Cluster.Cluster.Get(context.ActorSystem);
        var self = cluster.SelfMember;
        var data = new Dictionary<string, object>
        {
            ["address"] = cluster.SelfAddress.ToString(),
            ["status"] = self.Status.ToString(),
            ["members"] = cluster.State.Members.Count,
            ["unreachable"] = cluster.State.Unreachable.Count,
        };
        return Task.FromResult(self.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.WeaklyUp
            ? HealthCheckResult.Healthy($"member {cluster.SelfAddress} is {self.Status}", data)
            : HealthCheckResult.Unhealthy($"member {cluster.SelfAddress} is {self.Status}", data: data));
    }
}
