using System.CommandLine;
using Akka.Actor;
using Akka.Cluster;
using CellActors.Cluster;
using CellActors.Messages;

namespace CellActors.Cli;

/// <summary>
/// <c>cellactors cluster show|leave|down</c>: the cluster operations (what Petabridge.Cmd's <c>cluster</c> commands do),
/// run from a short-lived console member.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var cmd = new Command("cluster", "Cluster operations: members, roles and states, the coordinator's location; leave or down a node.");
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Change("leave", "Ask a node to leave the cluster gracefully (its work is handed back; a coordinator hands the singleton over).", (c, a) => c.Leave(a)));
        cmd.Subcommands.Add(Change("down", "Mark an unreachable (crashed) node down so the cluster stops waiting for it; its leases are sent again.", (c, a) => c.Down(a)));
        return cmd;
    }

    private static Command Show()
    {
        var cluster = new ClusterCliOptions();
        var cmd = new Command("show", "Members with their roles, status and reachability, the leader, and where the coordinator singleton runs.");
        cluster.AddTo(cmd);
        cmd.SetAction((pr, ct) => JobCommands.WithConsole(cluster, pr, async node =>
        {
            var c = node.Cluster;
            await Task.Delay(500, ct).ConfigureAwait(false); // let the first gossip settle
            var state = c.State;
            var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
            Console.WriteLine($"{"ADDRESS",-40} {"STATUS",-9} {"REACHABLE",-9} ROLES");
            foreach (var m in state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal))
            {
                var self = m.Address.Equals(c.SelfAddress) ? " (this console)" : "";
                Console.WriteLine($"{m.Address,-40} {m.Status,-9} {(unreachable.Contains(m.Address) ? "no" : "yes"),-9} {string.Join(',', m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))}{self}");
            }
            Console.WriteLine($"leader: {state.Leader?.ToString() ?? "none"}");
            var oldest = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(CellActorsCluster.Roles.Coordinator))
                .OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();
            Console.WriteLine($"coordinator singleton (oldest up coordinator node): {oldest?.Address.ToString() ?? "none"}");
            try
            {
                if (await node.AskCoordinator(new GetCoordinatorInfo(), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false) is CoordinatorInfo info)
                {
                    Console.WriteLine($"coordinator answers from {info.Address}: active job {info.ActiveJob ?? "none"}, {info.Workers} detectors registered");
                    for (var i = 0; i < info.WorkerIds.Count; i++)
                        Console.WriteLine($"  detector {info.WorkerIds[i]}: {(info.Providers is { } p && i < p.Count ? p[i] : "unknown")}");
                }
            }
            catch (TimeoutException e)
            {
                Console.WriteLine($"coordinator: {e.Message}");
            }
            return 0;
        }, ct));
        return cmd;
    }

    private static Command Change(string name, string description, Action<Akka.Cluster.Cluster, Address> action)
    {
        var cluster = new ClusterCliOptions();
        var address = new Argument<string>("address") { Description = "The node: akka.tcp://cellactors@host:port or host:port (see `cellactors cluster show`)" };
        var cmd = new Command(name, description) { address };
        cluster.AddTo(cmd);
        cmd.SetAction((pr, ct) => JobCommands.WithConsole(cluster, pr, async node =>
        {
            Address target;
            try
            {
                target = Address.Parse(CellActorsCluster.SeedAddress(pr.GetValue(address)!));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }
            var c = node.Cluster;
            if (!c.State.Members.Any(m => m.Address.Equals(target)))
            {
                await Console.Error.WriteLineAsync($"error: {target} is not a member (see `cellactors cluster show`)").ConfigureAwait(false);
                return 3;
            }
            action(c, target);
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < until && c.State.Members.FirstOrDefault(m => m.Address.Equals(target)) is { Status: not (MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed) })
                await Task.Delay(200, ct).ConfigureAwait(false);
            var status = c.State.Members.FirstOrDefault(m => m.Address.Equals(target))?.Status.ToString() ?? "Removed";
            Console.WriteLine($"{name}: {target} is now {status}");
            return 0;
        }, ct));
        return cmd;
    }
}
