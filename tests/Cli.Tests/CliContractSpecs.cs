using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CellActors.Cluster;
using CellActors.Imaging;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// The command-line contract (README, "Exit codes" and "JSON output"), on the real process: exit codes, one clear
/// line and never a stack trace for the failures users meet, <c>--json</c> documents that hold the text's figures,
/// and console commands whose stdout is their answer only.
/// </summary>
public sealed partial class CliContractSpecs(MariaDbFixture mariaDb) : IClassFixture<MariaDbFixture>
{
    private const string StackTraceLine = "   at ";

    private static readonly SynthOptions Synth = new(Frames: 5, Height: 64, Width: 64, InitialCells: 4, Seed: 3);

    /// <summary>One expected failure: the exit code, exactly one line on stderr naming <paramref name="names"/>, no stack trace.</summary>
    private static void AssertOneLineFailure(CliProcess.Result r, int code, string names)
    {
        Assert.True(r.ExitCode == code, $"expected exit {code}\n{r}");
        Assert.DoesNotContain(StackTraceLine, r.Stdout + r.Stderr, StringComparison.Ordinal);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr\n{r}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(names, lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")] // missing argument and required option
    [InlineData("run", "somewhere", "--out", "results", "--no-such-option")]
    [InlineData("run", "somewhere", "--out", "results", "--batch-size", "many")]
    [InlineData("status", "--no-such-option")]
    [InlineData("list", "--all", "--bogus")]
    [InlineData("status", "j", "--seed", "127.0.0.1:1", "--bogus")] // not taken as a second seed
    [InlineData("cluster")] // a command group without its subcommand
    [InlineData("export", "csv")] // --to missing
    [InlineData("no-such-command")]
    public void A_command_line_that_does_not_parse_exits_2_with_the_problem_on_stderr(params string[] args)
    {
        var r = CliProcess.Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("error: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
        Assert.DoesNotContain(StackTraceLine, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_source_exits_2_a_job_with_another_configuration_3_and_every_input_failed_1()
    {
        using var tmp = new TempDir();
        AssertOneLineFailure(CliProcess.Run("run", tmp.Sub("absent"), "--out", tmp.Sub("r0")), 2, tmp.Sub("absent"));

        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), Synth);
        var results = tmp.Sub("results");
        var first = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--batch-size", "2", "--quiet");
        Assert.True(first.ExitCode == 0, first.ToString());
        var changed = CliProcess.Run("run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--batch-size", "3", "--quiet");
        Assert.True(changed.ExitCode == 3, changed.ToString());
        Assert.Contains("another configuration", changed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(StackTraceLine, changed.Stderr, StringComparison.Ordinal);

        var bad = tmp.Dir("bad");
        File.WriteAllText(Path.Combine(bad, "notes.tif"), "a text file, not an image\n");
        File.WriteAllBytes(Path.Combine(bad, "empty.tif"), []);
        var failed = CliProcess.Run("run", "--segmenter", "default", bad, "--out", tmp.Sub("r1"), "--quiet");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("every input failed", failed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_export_and_track_on_a_folder_without_results_say_so_in_one_line()
    {
        using var tmp = new TempDir();
        var empty = tmp.Dir("empty");
        var absent = tmp.Sub("absent");
        var tableless = tmp.Dir("tableless");
        File.WriteAllBytes(Path.Combine(tableless, "cellactors.db"), []); // an empty SQLite file: no tables
        foreach (var folder in new[] { empty, absent, tableless })
        {
            AssertOneLineFailure(CliProcess.Run("status", folder), 2, folder);
            AssertOneLineFailure(CliProcess.Run("status", folder, "--json"), 2, folder);
            AssertOneLineFailure(CliProcess.Run("export", "csv", folder, "--to", tmp.Sub("out.csv")), 2, folder);
            AssertOneLineFailure(CliProcess.Run("track", folder, "--quiet"), 2, folder);
        }
    }

    [MariaDbFact]
    public void Status_export_and_track_on_an_uninitialised_unknown_or_unreachable_database_say_so_in_one_line()
    {
        var url = mariaDb.NewDatabaseUrl("contract"); // created, no tables: the coordinator never started on it
        var name = url["mysql://".Length..]; // as messages name it (root@127.0.0.1:port/db: no password in these URLs)
        foreach (var args in new[] { new[] { "status", "--db", url }, ["status", "j", "--db", url, "--json"], ["export", "csv", "--db", url, "--to", Path.Combine(Path.GetTempPath(), "never.csv")], ["track", "--db", url, "--quiet"] })
        {
            var r = CliProcess.Run(args);
            AssertOneLineFailure(r, 2, name);
            Assert.Contains("no CellActors tables", r.Stderr, StringComparison.Ordinal);
        }

        var unknown = url + "_absent";
        AssertOneLineFailure(CliProcess.Run("status", "--db", unknown), 2, "no such database");

        var closed = $"mysql://root:pw@127.0.0.1:{FreePort.Next()}/cells";
        var unreachable = CliProcess.Run("status", "--db", closed);
        AssertOneLineFailure(unreachable, 4, "unreachable");
        Assert.Contains("127.0.0.1", unreachable.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", unreachable.Stderr, StringComparison.Ordinal);
        AssertOneLineFailure(CliProcess.Run("export", "csv", "--db", closed, "--to", Path.Combine(Path.GetTempPath(), "never.csv")), 4, "unreachable");
    }

    /// <summary>A job "j" of <see cref="Synth"/> with 3 of its 5 frames committed (with their exact objects), one run.</summary>
    private static void WriteRunningJob(ResultStore store)
    {
        store.CreateJob("j", "/d", "fp", 1, Enumerable.Range(0, Synth.Frames).Select(t => new FrameRef(t, Synth.Dataset, Synth.Sequence, t, 0, $"/d/t{t:D3}.tif", 0, $"{Synth.Dataset}/{Synth.Sequence}/t{t:D4}")), []);
        var run = store.StartRun("j");
        var sim = new SynthSimulation(Synth);
        for (var i = 0; i < 3; i++)
        {
            using var f = sim.Next();
            var id = $"{Synth.Dataset}/{Synth.Sequence}/t{f.T:D4}";
            var objects = TrackedObjects.FromLabels(f.Tracking);
            var rows = objects.Select(x => new ObjectRow(id, x.Label, x.Area, x.X, x.Y, x.BboxX, x.BboxY, x.BboxWidth, x.BboxHeight, 0, 0, 0, 0, 0, 0, 0, x.EquivalentDiameter, 1, 1, x.ToRle())).ToList();
            long area = objects.Sum(x => x.Area);
            store.CommitBatch("j", f.T, run, [new FrameRow(id, Synth.Dataset, Synth.Sequence, f.T, 0, Synth.Height, Synth.Width, rows.Count, area, Synth.Height * Synth.Width, area / (double)(Synth.Height * Synth.Width), 0, 0, 0, 0, $"/d/t{f.T:D3}.tif", 0)], rows, []);
        }
    }

    /// <summary>The figures of the text output: job, state, frames done / total, with cells, objects, errors, runs.</summary>
    private static (string Job, string State, long Done, long Total, long WithCells, long Objects, long Errors, int Runs) TextFigures(string stdout)
    {
        var m = StatusText().Match(stdout);
        Assert.True(m.Success, stdout);
        long L(string g) => long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return (m.Groups["job"].Value, m.Groups["state"].Value, L("done"), L("total"), L("cells"), L("objects"), L("errors"), (int)L("runs"));
    }

    [GeneratedRegex(@"job (?<job>\S+) \((?<state>\w+)\)\s+source\s+\S+\s+frames\s+(?<done>\d+) / (?<total>\d+) \([\d.]+%\), (?<cells>\d+) with cells\s+objects\s+(?<objects>\d+)\s+errors\s+(?<errors>\d+)\s+throughput\s+[\d.]+ frames/s \(last run; (?<runs>\d+) run")]
    private static partial Regex StatusText();

    private static void AssertJsonHoldsTheTextFigures(string text, string json)
    {
        var t = TextFigures(text);
        using var doc = JsonDocument.Parse(json);
        var jobs = doc.RootElement.GetProperty("jobs");
        Assert.Equal(1, jobs.GetArrayLength());
        var j = jobs[0];
        Assert.Equal(t.Job, j.GetProperty("job").GetString());
        Assert.Equal(t.State, j.GetProperty("state").GetString());
        Assert.Equal(t.Done, j.GetProperty("frames_done").GetInt64());
        Assert.Equal(t.Total, j.GetProperty("frame_count").GetInt64());
        Assert.Equal(t.WithCells, j.GetProperty("frames_with_cells").GetInt64());
        Assert.Equal(t.Objects, j.GetProperty("objects").GetInt64());
        Assert.Equal(t.Errors, j.GetProperty("errors").GetInt64());
        Assert.Equal(t.Runs, j.GetProperty("runs").GetInt32());
        foreach (var field in new[] { "source", "frames_per_second", "time_left_seconds", "detectors", "segmenter", "sequences" })
            Assert.True(j.TryGetProperty(field, out _), $"no {field} in {json}");
    }

    [Fact]
    public void Status_json_of_a_results_folder_parses_and_holds_the_figures_of_the_text()
    {
        using var tmp = new TempDir();
        var folder = tmp.Dir("results");
        using (var s = ResultStore.OpenSqlite(Path.Combine(folder, "cellactors.db"))) WriteRunningJob(s);
        var text = CliProcess.Run("status", folder);
        Assert.True(text.ExitCode == 0, text.ToString());
        var json = CliProcess.Run("status", folder, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        AssertJsonHoldsTheTextFigures(text.Stdout, json.Stdout);
        Assert.Equal(3, TextFigures(text.Stdout).Done);
        Assert.True(TextFigures(text.Stdout).Objects > 0);
    }

    [MariaDbFact]
    public void Status_json_of_a_MariaDB_database_parses_and_holds_the_figures_of_the_text()
    {
        var url = mariaDb.NewDatabaseUrl("contract");
        using (var s = ResultStore.Open(url)) WriteRunningJob(s);
        var text = CliProcess.Run("status", "j", "--db", url);
        Assert.True(text.ExitCode == 0, text.ToString());
        var json = CliProcess.Run("status", "j", "--db", url, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        AssertJsonHoldsTheTextFigures(text.Stdout, json.Stdout);
    }

    [Fact]
    public async Task Console_commands_print_their_answer_only_and_their_logs_on_stderr_with_verbose()
    {
        using var seed = SeedNode.Start();
        var runs = new[] { new[] { "cluster", "show" }, ["cluster", "show", "--json"], ["cluster", "show", "--verbose"] }
            .Select(args => Task.Run(() => CliProcess.RunWithTimeout(TimeSpan.FromMinutes(2), [.. args, "--seed", seed.Address])))
            .ToArray();
        var results = await Task.WhenAll(runs);
        var (text, json, verbose) = (results[0], results[1], results[2]);
        foreach (var r in new[] { text, json, verbose })
        {
            Assert.True(r.ExitCode == 0, r + "\n" + seed.Output);
            Assert.DoesNotContain("Remoting", r.Stdout, StringComparison.Ordinal);
            Assert.DoesNotMatch(AkkaLogLine(), r.Stdout);
            Assert.DoesNotContain(StackTraceLine, r.Stdout, StringComparison.Ordinal);
        }
        // Without --verbose nothing reaches stderr; with it, Akka's own log lines may carry exception traces (a console
        // leaving is logged as "Disassociated"), which is what --verbose is for.
        Assert.StartsWith("ADDRESS", text.Stdout, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{seed.Port}", text.Stdout, StringComparison.Ordinal);
        Assert.Equal("", text.Stderr);
        Assert.Equal("", json.Stderr);
        Assert.StartsWith("ADDRESS", verbose.Stdout, StringComparison.Ordinal);
        Assert.Contains("Remoting shut down", verbose.Stderr, StringComparison.Ordinal); // the same lines, now on stderr

        using var doc = JsonDocument.Parse(json.Stdout);
        var members = doc.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Contains(members, m => m.GetProperty("address").GetString()!.EndsWith($"127.0.0.1:{seed.Port}", StringComparison.Ordinal)
                                      && m.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "seed") && m.GetProperty("reachable").GetBoolean());
        // Consoles are not members: the one member is the seed, whose view this is.
        var member = Assert.Single(members);
        Assert.True(member.GetProperty("answered").GetBoolean());
        Assert.Equal(["contact", "seed"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("singleton").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("coordinator").ValueKind);
        Assert.Contains("did not answer", doc.RootElement.GetProperty("coordinator_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("leader").ValueKind);
    }

    [GeneratedRegex(@"^\[(DEBUG|INFO|WARNING|ERROR)\]|\b(info|dbug|warn|fail): ", RegexOptions.Multiline)]
    private static partial Regex AkkaLogLine();

    [Fact]
    public void A_console_command_with_a_malformed_seed_exits_2_in_one_line()
    {
        AssertOneLineFailure(CliProcess.Run("list", "--seed", "head:port"), 2, "port");
        AssertOneLineFailure(CliProcess.Run("worker", "--seed", "head:port"), 2, "port");
    }

    [Fact]
    public void Coordinator_and_worker_take_the_seeds_hostname_option_with_its_meaning()
    {
        foreach (var role in new[] { "coordinator", "worker" })
        {
            var help = CliProcess.Run(role, "--help");
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains("--hostname", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("--public-hostname", help.Stdout, StringComparison.Ordinal);
        }
        // The rule every role (seed included) applies: bind --hostname; advertise --public-hostname, else a specific bound address, else the machine's name.
        var specific = NodeAddressing.For(["head:4053"], [], 4054, "10.1.2.3", null);
        Assert.Equal(("10.1.2.3", "10.1.2.3"), (specific.Hostname, specific.PublicHostname));
        var any = NodeAddressing.For(["head:4053"], [], 4054, "0.0.0.0", null);
        Assert.Equal(("0.0.0.0", null), (any.Hostname, any.PublicHostname));
        var given = NodeAddressing.For(["head:4053"], [], 4054, "10.1.2.3", "node7");
        Assert.Equal("node7", given.PublicHostname);
        var loopback = NodeAddressing.For(["127.0.0.1:4053"], [], 0, null, null);
        Assert.Equal(("127.0.0.1", "127.0.0.1"), (loopback.Hostname, loopback.PublicHostname));
    }
}
