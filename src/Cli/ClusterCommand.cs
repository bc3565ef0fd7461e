using System.CommandLine;
using Akka.Actor;
using Akka.Cluster;
using CellActors.Cluster;
using CellActors.Messages;
using static CellActors.Cli.JsonOutput;

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
        var json = new Option<bool>("--json") { Description = "Print one JSON document (README, \"JSON output\") instead of the text" };
        var cmd = new Command("show", "Members with their roles, status and reachability, the leader, and where the coordinator singleton runs.") { json };
        cluster.AddTo(cmd);
        cmd.SetAction((pr, ct) => JobCommands.WithConsole(cluster, pr, async node =>
        {
            var document = await Describe(node, ct).ConfigureAwait(false);
            if (pr.GetValue(json)) JsonOutput.Write(document);
            else Print(document);
            return CliFailure.Ok;
        }, ct));
        return cmd;
    }

    /// <summary>The membership as this console sees it, and the job manager's answer.</summary>
    private static async Task<ClusterDocument> Describe(ConsoleNode node, CancellationToken ct)
    {
        var c = node.Cluster;
        await Task.Delay(500, ct).ConfigureAwait(false); // let the first gossip settle
        var state = c.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new MemberDocument(m.Address.ToString(), m.Status.ToString(), !unreachable.Contains(m.Address),
                m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(), m.Address.Equals(c.SelfAddress)))
            .ToList();
        var oldest = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(CellActorsCluster.Roles.Coordinator))
            .OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();
        CoordinatorDocument? coordinator = null;
        string? error = null;
        try
        {
            switch (await node.AskCoordinator(new GetCoordinatorInfo(), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false))
            {
                case CoordinatorInfo info:
                    coordinator = new CoordinatorDocument(info.Address, info.ActiveJob,
                        info.WorkerIds.Select((id, i) => new DetectorDocument(id, info.Providers is { } p && i < p.Count ? p[i] : null)).ToList());
                    break;
                case var other:
                    error = $"unexpected answer {other}";
                    break;
            }
        }
        catch (TimeoutException e)
        {
            error = e.Message;
        }
        return new ClusterDocument(members, state.Leader?.ToString(), oldest?.Address.ToString(), coordinator, error);
    }

    private static void Print(ClusterDocument d)
    {
        Console.WriteLine($"{"ADDRESS",-40} {"STATUS",-9} {"REACHABLE",-9} ROLES");
        foreach (var m in d.Members)
            Console.WriteLine($"{m.Address,-40} {m.Status,-9} {(m.Reachable ? "yes" : "no"),-9} {string.Join(',', m.Roles)}{(m.Self ? " (this console)" : "")}");
        Console.WriteLine($"leader: {d.Leader ?? "none"}");
        Console.WriteLine($"coordinator singleton (oldest up coordinator node): {d.Singleton ?? "none"}");
        if (d.Coordinator is { } info)
        {
            Console.WriteLine($"coordinator answers from {info.Address}: active job {info.ActiveJob ?? "none"}, {info.Detectors.Count} detectors registered");
            foreach (var det in info.Detectors) Console.WriteLine($"  detector {det.Id}: {det.Provider ?? "unknown"}");
        }
        if (d.CoordinatorError is { } error) Console.WriteLine($"coordinator: {error}");
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
