using System.CommandLine;
using CellActors.Cluster;
using CellActors.Coordinator.Hosting;
using CellActors.GpuWorker.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellActors.Cli;

/// <summary><c>cellactors worker</c> and <c>cellactors coordinator</c>: long-running cluster nodes (stop with SIGTERM / Ctrl+C: they leave the cluster first).</summary>
internal static class NodeCommands
{
    private static void Logging(ILoggingBuilder l, bool verbose)
    {
        l.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        l.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        l.AddFilter("Microsoft", LogLevel.Warning);
    }

    public static Command Worker()
    {
        var cluster = new ClusterCliOptions();
        var port = new Option<int>("--port") { Description = "TCP port of this node (0: any free port)", DefaultValueFactory = _ => 0 };
        var detectors = new Option<int>("--detectors") { Description = "CPU detector actors on this node (0: decoder-only node)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var gpus = new Option<string?>("--gpus") { Description = "GPU ids, e.g. 0,1,2,3: one detector pinned to each GPU (CUDA; needs a build with -p:OnnxGpu=true) instead of CPU detectors" };
        var decoders = new Option<int>("--decoders") { Description = "Decoder actors on this node (0: send to other nodes' decoders)", DefaultValueFactory = _ => 1 };
        var slots = new Option<int>("--slots") { Description = "Batches one detector holds at most", DefaultValueFactory = _ => 2 };
        var db = new Option<string?>("--db") { Description = "Results database the decoders write: mysql://user:pw@host:port/db. Default: $CELLACTORS_DB", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CELLACTORS_DB") };
        var pace = new Option<int>("--min-batch-ms") { Description = "Pace this node: each batch takes at least this many ms (fault drills, demos)", DefaultValueFactory = _ => 0 };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging" };
        var cmd = new Command("worker", "Run a worker node: detectors that pull batches from the coordinator, decoders that write the results.")
        {
            port, detectors, gpus, decoders, slots, db, pace, verbose,
        };
        cluster.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            var seeds = cluster.Seeds(pr);
            var node = NodeAddressing.For(seeds, [], pr.GetValue(port), null, pr.GetValue(cluster.PublicHostname));
            var options = new WorkerNodeOptions(node, pr.GetValue(db), pr.GetValue(detectors), pr.GetValue(decoders), pr.GetValue(slots), TimeSpan.FromMilliseconds(pr.GetValue(pace)), pr.GetValue(gpus));
            try
            {
                foreach (var d in options.Devices.Where(d => d.IsGpu)) Inference.OnnxRuntimeInfo.EnsureAvailable(d);
            }
            catch (Exception e) when (e is ArgumentException or Inference.InferenceDeviceException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }
            using var host = WorkerNode.Build(options,
                l => Logging(l, pr.GetValue(verbose)));
            await host.RunAsync(ct).ConfigureAwait(false);
            return 0;
        });
        return cmd;
    }

    public static Command Coordinator()
    {
        var cluster = new ClusterCliOptions();
        var port = new Option<int>("--port") { Description = "TCP port of this node", DefaultValueFactory = _ => 4054 };
        var db = new Option<string?>("--db") { Description = "Journal and results database: mysql://user:pw@host:port/db. Default: $CELLACTORS_DB", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CELLACTORS_DB") };
        var inflight = new Option<int>("--max-in-flight") { Description = "Batches leased and not yet committed, at most, per job", DefaultValueFactory = _ => 32 };
        var lease = new Option<int>("--lease-timeout") { Description = "Seconds after which a lease is given up and its batch sent again", DefaultValueFactory = _ => 600 };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging" };
        var cmd = new Command("coordinator", "Run a coordinator node: hosts the job manager singleton (one per cluster) and the job coordinators.")
        {
            port, db, inflight, lease, verbose,
        };
        cluster.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            var seeds = cluster.Seeds(pr);
            var database = pr.GetValue(db);
            if (string.IsNullOrWhiteSpace(database))
            {
                await Console.Error.WriteLineAsync("error: --db is required (mysql://user:pw@host:port/db)").ConfigureAwait(false);
                return 2;
            }
            var node = NodeAddressing.For(seeds, [], pr.GetValue(port), null, pr.GetValue(cluster.PublicHostname));
            using var host = CoordinatorNode.Build(new CoordinatorNodeOptions(node, database, pr.GetValue(inflight), TimeSpan.FromSeconds(pr.GetValue(lease))),
                l => Logging(l, pr.GetValue(verbose)));
            await host.RunAsync(ct).ConfigureAwait(false);
            return 0;
        });
        return cmd;
    }
}
