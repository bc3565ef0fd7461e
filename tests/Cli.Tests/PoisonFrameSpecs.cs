using CellActors.Imaging;
using CellActors.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CellActors.Cli.Tests;

/// <summary>
/// Poison frames in one process: a frame that kills the whole <c>cellactors run</c> process every time it is processed
/// (the test-only fault trigger <c>CELLACTORS_TEST_CRASH_ON</c>, which calls <see cref="Environment.FailFast(string)"/> as
/// a crash in native code would). Each run dies; the leases it persisted count as attempts when the job is run again,
/// the batch is bisected at the limit, and the job completes with that one frame in <c>errors</c> and every other frame
/// as an uninterrupted run writes it.
/// </summary>
public sealed class PoisonFrameSpecs(ITestOutputHelper output)
{
    private const string CrashVariable = "CELLACTORS_TEST_CRASH_ON";

    [Fact]
    public void A_frame_that_kills_its_process_every_time_ends_as_one_errors_row_and_every_other_frame_is_processed()
    {
        using var tmp = new TempDir();
        const int frames = 12;
        const int maxAttempts = 2;
        var synth = SyntheticTimeLapse.Generate(tmp.Sub("data"), new SynthOptions(Frames: frames, Height: 128, Width: 128, InitialCells: 6, Seed: 5));
        string[] Args(string outDir) =>
            ["run", "--segmenter", "default", synth.DatasetPath, "--out", outDir, "--batch-size", "2", "--max-attempts", "2", "--quiet"];

        var reference = tmp.Sub("reference");
        var full = CliProcess.Run(Args(reference));
        Assert.True(full.ExitCode == 0, full.ToString());
        const string poison = "t005.tif";
        var poisonId = Assert.Single(ResultsDb.Rows(reference, "SELECT image_id FROM frames WHERE uri LIKE '%/t005.tif'"))[0]!.ToString()!;

        var poisoned = tmp.Sub("poisoned");
        var env = new Dictionary<string, string> { [CrashVariable] = poison };
        var crashes = 0;
        CliProcess.Result last;
        while (true)
        {
            last = CliProcess.RunWithEnv(env, TimeSpan.FromMinutes(5), Args(poisoned));
            output.WriteLine($"run {crashes + 1}: exit {last.ExitCode}");
            if (last.ExitCode == 0) break;
            crashes++;
            Assert.True(last.Stderr.Contains(CrashVariable, StringComparison.Ordinal), $"the run failed, but not by the fault trigger:\n{last}");
            Assert.True(crashes <= 8, $"the job did not complete after {crashes} crashes:\n{last}\n{File.ReadAllText(Path.Combine(poisoned, "cellactors.log"))}");
        }
        // The batch of two failed twice (then bisected), then the poison frame alone failed twice (then given up).
        Assert.Equal(2 * maxAttempts, crashes);
        Assert.Contains("1 errors", last.Stdout);

        var error = Assert.Single(ResultsDb.Rows(poisoned, "SELECT uri, page, image_id, stage, error_type, message FROM errors"));
        Assert.EndsWith("/" + poison, error[0]!.ToString()!.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal(poisonId, error[2]);
        Assert.Equal(("batch", "attempts_exhausted"), (error[3], error[4]));
        Assert.Contains("leased 2 times", error[5]!.ToString()!);
        Assert.Equal("completed", ResultsDb.Rows(poisoned, "SELECT status FROM jobs")[0][0]);

        // Every other frame is processed, exactly as the uninterrupted run processed it.
        string Dump(string dir) => ResultsDb.Dump(sql => ResultsDb.Rows(dir, sql),
        [
            ("frames", $"SELECT * FROM frames WHERE image_id <> '{poisonId}' ORDER BY job, image_id"),
            ("objects", $"SELECT * FROM objects WHERE image_id <> '{poisonId}' ORDER BY job, image_id, label"),
        ]);
        Assert.Equal(Dump(reference), Dump(poisoned));
        Assert.Equal(frames - 1, ResultsDb.Scalar(poisoned, "SELECT COUNT(*) FROM frames"));
        Assert.Equal(frames, ResultsDb.Scalar(poisoned, "SELECT SUM(frames + errors) FROM batches"));
    }
}
