using System.Text.Json;
using CellActors.Results;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;
using static CellActors.Cluster.Tests.JobChecks;

namespace CellActors.Cluster.Tests;

/// <summary>
/// Consoles outside the membership and seeds that survive restarts, as separate OS processes on 127.0.0.1 with
/// MariaDB: a console SIGKILLed in the middle of <c>submit --wait</c> changes neither the membership nor the job; the
/// first seed of two, SIGKILLed and restarted mid-job, joins the running cluster again (one cluster, which a worker
/// started through that seed alone joins too) and the job ends with the one-process run's tables.
/// </summary>
public sealed class ContactPointSpecs(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private string NewDatabase() => fixture.Db.Url(fixture.Db.CreateDatabase("contact"));

    private static string Address(int port) => $"akka.tcp://cellactors@127.0.0.1:{port}";

    /// <summary>What Akka logs when a node forms a new cluster by joining itself.</summary>
    private const string FormsNewCluster = "forming a new cluster";

    /// <summary>The members of <c>cluster show --json</c> (through <paramref name="seedOptions"/>): address → (status, reachable, roles).</summary>
    private static Dictionary<string, (string Status, bool Reachable, string Roles)> Members(LocalCluster cluster, IReadOnlyList<string> seedOptions)
    {
        var (code, text) = cluster.ConsoleThrough(seedOptions, "cluster", "show", "--json");
        Assert.True(code == 0, $"cluster show failed ({code}):\n{text}\n{cluster.Logs()}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("members").EnumerateArray().ToDictionary(
            m => m.GetProperty("address").GetString()!,
            m => (m.GetProperty("status").GetString()!, m.GetProperty("reachable").GetBoolean(), string.Join(',', m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()))));
    }

    private static string Describe(Dictionary<string, (string Status, bool Reachable, string Roles)> members) =>
        string.Join("; ", members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value.Status} {(m.Value.Reachable ? "reachable" : "UNREACHABLE")} {m.Value.Roles}"));

    [MariaDbFact]
    public void A_console_killed_mid_command_leaves_the_membership_and_the_job_untouched()
    {
        var db = NewDatabase();
        using var cluster = new LocalCluster(db);
        cluster.StartCoordinator();
        var worker = cluster.StartWorker(minBatchMs: 400); // paced: 60 batches take it 24 s
        cluster.WaitForDetectors(1);
        var before = Members(cluster, cluster.SeedOptions);
        output.WriteLine("before: " + Describe(before));
        Assert.Equal(3, before.Count); // seed, coordinator, worker: the console that asked is not among them
        Assert.All(before.Values, m => Assert.True(m is { Status: "Up", Reachable: true }, Describe(before)));

        var console = cluster.StartConsole(cluster.SeedOptions, "submit", "--segmenter", "default", fixture.Source, "--job", ClusterFixture.Job,
            "--batch-size", ClusterFixture.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--wait");
        using var store = ResultStore.Open(db, readOnly: true);
        WaitUntil(() => console.Output.Contains("submitted", StringComparison.Ordinal) && CommittedBatches(store) >= 3, cluster, "the job to start under submit --wait");
        Assert.False(console.HasExited, $"submit --wait ended before it could be killed:\n{console.Output}");
        console.Kill9();
        output.WriteLine($"killed the console (pid {console.Pid}) waiting on the job with {CommittedBatches(store)} batches committed");

        // Every view of the membership until the job ends is the one before: the same members, all Up and reachable.
        var views = 0;
        while (!Completed(store))
        {
            var now = Members(cluster, cluster.SeedOptions);
            Assert.True(now.Count == before.Count && now.All(m => before.ContainsKey(m.Key) && m.Value is { Status: "Up", Reachable: true }),
                $"the membership changed after the console was killed: {Describe(now)}\nbefore: {Describe(before)}\n{cluster.Logs()}");
            views++;
            if (cluster.AllSeedsExited || cluster.Coordinator!.HasExited) Assert.Fail($"a node exited\n{cluster.Logs()}");
        }
        output.WriteLine($"{views} views of the membership while the job ran, each the one before the kill");
        Assert.True(views > 0, "the job ended before the membership could be checked");
        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output);
        Assert.False(worker.HasExited);
        var (statusCode, status) = cluster.Console("status", ClusterFixture.Job);
        Assert.True(statusCode == 0, status);
        Assert.Contains("job synth (completed)", status);
    }

    [MariaDbFact]
    public void The_first_seed_killed_and_restarted_mid_job_joins_the_running_cluster_and_the_job_ends_with_the_same_tables()
    {
        var db = NewDatabase();
        using var cluster = new LocalCluster(db, seeds: 2);
        cluster.StartCoordinator();
        cluster.StartWorker(minBatchMs: 2000); // paced: 60 batches take it 120 s alone, time for a late worker to join on a slow machine
        cluster.WaitForDetectors(1);
        var first = Address(cluster.SeedPorts[0]);
        var second = Address(cluster.SeedPorts[1]);
        var onlyFirst = new[] { "--seed", $"127.0.0.1:{cluster.SeedPorts[0]}" };
        var onlySecond = new[] { "--seed", $"127.0.0.1:{cluster.SeedPorts[1]}" };
        // The first seed of the list formed the cluster; the second joined it.
        Assert.Contains(FormsNewCluster, cluster.Seeds[0].Output);
        Assert.DoesNotContain(FormsNewCluster, cluster.Seeds[1].Output);

        Submit(fixture, cluster);
        using var store = ResultStore.Open(db, readOnly: true);
        WaitUntil(() => CommittedBatches(store) >= 3, cluster, "the first batches");
        var killed = cluster.Seeds[0];
        killed.Kill9();
        output.WriteLine($"killed the first seed (pid {killed.Pid}) with {CommittedBatches(store)} batches committed");
        var restarted = cluster.StartSeed(0); // same port, same seed list: a new incarnation of the first seed

        // One cluster: through either seed alone, the same four members (two seeds, coordinator, worker), all Up.
        var expected = new[] { first, second, Address(cluster.CoordinatorPort) };
        Dictionary<string, (string Status, bool Reachable, string Roles)> viaFirst = [], viaSecond = [];
        WaitUntil(() =>
        {
            viaFirst = Members(cluster, onlyFirst);
            viaSecond = Members(cluster, onlySecond);
            bool Converged(Dictionary<string, (string Status, bool Reachable, string Roles)> v) =>
                v.Count == 4 && expected.All(v.ContainsKey) && v.Values.All(m => m is { Status: "Up", Reachable: true });
            return Converged(viaFirst) && Converged(viaSecond);
        }, cluster, "both seeds to report one cluster of four Up members", TimeSpan.FromMinutes(2));
        output.WriteLine("through the restarted seed: " + Describe(viaFirst));
        Assert.Equal(Describe(viaFirst), Describe(viaSecond));
        Assert.Equal("contact,seed", viaFirst[first].Roles);
        Assert.DoesNotContain(FormsNewCluster, restarted.Output);
        Assert.False(Completed(store), $"the job finished before the seed came back ({CommittedBatches(store)} batches): make it longer\n{cluster.Logs()}");

        // A worker that knows only the restarted seed joins the same cluster and gets work.
        var late = cluster.StartWorker(minBatchMs: 300, seedOptions: onlyFirst);
        WaitUntil(() => Completed(store), cluster, "the job to complete after the seed restarted");
        AssertSameTablesAndFramesWrittenOnce(fixture, store, cluster, output);
        Assert.NotEmpty(LocalCluster.Committed(late));
        var after = Members(cluster, onlyFirst);
        Assert.Equal(5, after.Count);
        Assert.All(after.Values, m => Assert.True(m is { Status: "Up", Reachable: true }, Describe(after)));
    }
}
