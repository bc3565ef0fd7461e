using System.Diagnostics;
using System.Text.Json;
using CellActors.Dashboard.Data;
using CellActors.Imaging;
using CellActors.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>The dashboard reading a database that a running <c>cellactors run</c> process is writing (WAL).</summary>
public sealed class LiveJobSpecs
{
    [Fact]
    public async Task Progress_is_read_while_the_job_runs_and_ends_completed()
    {
        var root = Path.Combine(Path.GetTempPath(), "cellactors-tests", "dashboard-live-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var synth = SyntheticTimeLapse.Generate(Path.Combine(root, "data"), new SynthOptions(Frames: 40, Height: 192, Width: 192, InitialCells: 10, Seed: 11));
            var results = Path.Combine(root, "results");
            var db = Path.Combine(results, "cellactors.db");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { CliProcess.Dll, "run", "--segmenter", "default", synth.DatasetPath, "--out", results, "--batch-size", "2", "--detectors", "1", "--quiet" }) psi.ArgumentList.Add(a);
            using var run = Process.Start(psi)!;
            var stdout = run.StandardOutput.ReadToEndAsync();
            var stderr = run.StandardError.ReadToEndAsync();
            try
            {
                while (!HasJob(db))
                {
                    Assert.False(run.HasExited, "run exited before creating its job: " + await stderr);
                    await Task.Delay(50);
                }
                await using var host = await DashboardHost.StartAsync(new DashboardHostOptions { Database = new SqliteDashboardDatabase(db), Http = "127.0.0.1:0" });
                using var http = new HttpClient { BaseAddress = host.Url };
                var seen = new List<long>();
                string status;
                do
                {
                    using var r = await http.GetAsync("/api/jobs");
                    var body = await r.Content.ReadAsStringAsync();
                    Assert.True(r.IsSuccessStatusCode, body);
                    var job = JsonDocument.Parse(body).RootElement[0];
                    status = job.GetProperty("status").GetString()!;
                    seen.Add(job.GetProperty("framesDone").GetInt64());
                    Assert.Equal(40, job.GetProperty("frameCount").GetInt64());
                    using var detail = await http.GetAsync("/api/jobs/Synth-N2DH");
                    Assert.True(detail.IsSuccessStatusCode);
                    if (status != "completed" && run.HasExited && run.ExitCode != 0) Assert.Fail("run failed: " + await stderr);
                    if (status != "completed") await Task.Delay(100);
                }
                while (status != "completed");
                Assert.Equal(seen.Order(), seen);
                Assert.Equal(40, seen[^1]);
            }
            finally
            {
                if (!run.HasExited) await run.WaitForExitAsync();
            }
            Assert.True(run.ExitCode == 0, await stdout + await stderr);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool HasJob(string db)
    {
        if (!File.Exists(db)) return false;
        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM jobs";
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        catch (SqliteException)
        {
            return false; // the schema is being created
        }
    }
}
