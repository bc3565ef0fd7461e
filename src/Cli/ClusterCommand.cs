using System.CommandLine;
using Akka.Actor;
using CellActors.Cluster;
using CellActors.Messages;
using static CellActors.Cli.JsonOutput;

namespace CellActors.Cli;

/// <summary>
/// <c>cellactors cluster show|leave|down</c>: the cluster operations (what Petabridge.Cmd's <c>cluster</c> commands do),
/// run from a console that is not a member: it asks the membership service of a contact node (seed or coordinator)
/// through the ClusterClient receptionists.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var cmd = new Command("cluster", "Cluster operations: members, roles and states, the coordinator's location; leave or down a node.");
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Change("leave", "Ask a node to leave the cluster gracefully (its work is handed back; a coordinator hands the singleton over).", a => new LeaveMember(a)));
        cmd.Subcommands.Add(Change("down", "Mark an unreachable (crashed) node down so the cluster stops waiting for it; its leases are sent again.", a => new DownMember(a)));
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

    /// <summary>The membership as the contact node that answered sees it, and the job manager's answer.</summary>
    private static async Task<ClusterDocument> Describe(ConsoleNode node, CancellationToken ct)
    {
        var state = await node.MembersAsync(JobCommands.AskTimeout, ct).ConfigureAwait(false);
        var members = state.Members
            .Select(m => new MemberDocument(m.Address, m.Status, m.Reachable, m.Roles, m.Address == state.AnsweredBy))
            .ToList();
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
        return new ClusterDocument(members, state.Leader, state.Singleton, coordinator, error);
    }

    private static void Print(ClusterDocument d)
    {
        Console.WriteLine($"{"ADDRESS",-40} {"STATUS",-9} {"REACHABLE",-9} ROLES");
        foreach (var m in d.Members)
            Console.WriteLine($"{m.Address,-40} {m.Status,-9} {(m.Reachable ? "yes" : "no"),-9} {string.Join(',', m.Roles)}{(m.Answered ? " (answered)" : "")}");
        Console.WriteLine($"leader: {d.Leader ?? "none"}");
        Console.WriteLine($"coordinator singleton (oldest up coordinator node): {d.Singleton ?? "none"}");
        if (d.Coordinator is { } info)
        {
            Console.WriteLine($"coordinator answers from {info.Address}: active job {info.ActiveJob ?? "none"}, {info.Detectors.Count} detectors registered");
            foreach (var det in info.Detectors) Console.WriteLine($"  detector {det.Id}: {det.Provider ?? "unknown"}");
        }
        if (d.CoordinatorError is { } error) Console.WriteLine($"coordinator: {error}");
    }

    private static Command Change(string name, string description, Func<string, ICommand> request)
    {
        var cluster = new ClusterCliOptions();
        var address = new Argument<string>("address") { Description = "The node: akka.tcp://cellactors@host:port or host:port (see `cellactors cluster show`)" };
        var cmd = new Command(name, description) { address };
        cluster.AddTo(cmd);
        cmd.SetAction((pr, ct) =>
        {
            string target;
            try
            {
                target = CellActorsCluster.SeedAddress(pr.GetValue(address)!);
                _ = Address.Parse(target);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(CliFailure.BadArguments);
            }
            return JobCommands.WithConsole(cluster, pr, async node =>
            {
                switch (await node.AskContact(request(target), JobCommands.AskTimeout, ct).ConfigureAwait(false))
                {
                    case MemberChangeRefused r:
                        await Console.Error.WriteLineAsync($"error: {r.Reason}").ConfigureAwait(false);
                        return CliFailure.Refused;
                    case MemberChangeAccepted:
                        break;
                    case var other:
                        await Console.Error.WriteLineAsync($"error: unexpected answer {other}").ConfigureAwait(false);
                        return CliFailure.Refused;
                }
                // Wait (30 s at most) until the contact node sees the member go.
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                string status;
                while (true)
                {
                    var members = await node.MembersAsync(JobCommands.AskTimeout, ct).ConfigureAwait(false);
                    status = members.Members.FirstOrDefault(m => m.Address == target)?.Status ?? "Removed";
                    if (status is "Exiting" or "Down" or "Removed" || DateTime.UtcNow > until) break;
                    await Task.Delay(200, ct).ConfigureAwait(false);
                }
                Console.WriteLine($"{name}: {target} is now {status}");
                return CliFailure.Ok;
            }, ct);
        });
        return cmd;
    }
}
