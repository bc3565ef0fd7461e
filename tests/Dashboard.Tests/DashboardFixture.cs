using System.Diagnostics;
using System.Globalization;
using System.Text;
using CellActors.Dashboard.Data;
using CellActors.Imaging;
using Microsoft.Data.Sqlite;
using OpenCvSharp;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>
/// One results database made the way a user makes it (synthetic time-lapse, then the real <c>cellactors run</c>
/// process), with a corrupt input (an <c>errors</c> row) and tracks filled from the generator's ground truth
/// (<c>man_track.txt</c> and <c>man_trackNNN.tif</c>) until tracking writes them; and a dashboard serving it.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Token = "test-token-0123456789";
    public const string Job = "Synth-N2DH";
    public const int Frames = 12;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cellactors-tests", "dashboard-" + Guid.NewGuid().ToString("N")[..10]);

    public string Results => Path.Combine(_root, "results");

    public string DatabasePath => Path.Combine(Results, "cellactors.db");

    public SynthSummary Synth { get; private set; } = null!;

    public DashboardHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        Synth = SyntheticTimeLapse.Generate(Path.Combine(_root, "data"), new SynthOptions(Frames: Frames, Height: 256, Width: 256, InitialCells: 14, Seed: 7, DivisionProbability: 0.08, MinCycleFrames: 3));
        await File.WriteAllTextAsync(Path.Combine(Synth.SequencePath, "t999.tif"), "this is not a TIFF file");
        var run = RunCli("run", Synth.DatasetPath, "--out", Results, "--batch-size", "4", "--quiet");
        if (run.ExitCode != 0) throw new InvalidOperationException("cellactors run failed: " + run);
        FillTracksFromGroundTruth(DatabasePath, Job, Path.Combine(Synth.DatasetPath, "01_GT", "TRA"), "01");
        Host = await DashboardHost.StartAsync(new DashboardHostOptions { Database = new SqliteDashboardDatabase(DatabasePath), Http = "127.0.0.1:0", Token = Token });
        Http = new HttpClient { BaseAddress = Host.Url };
        Directory.CreateDirectory(ScreenshotDir);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("CELLACTORS_KEEP_TEST_DATA") == "1") return; // for looking at the database after a run
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public SqliteConnection Open()
    {
        var c = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        c.Open();
        return c;
    }

    public long Scalar(string sql, params (string Name, object Value)[] ps)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public List<object[]> Rows(string sql, params (string Name, object Value)[] ps)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        using var r = cmd.ExecuteReader();
        var rows = new List<object[]>();
        while (r.Read())
        {
            var row = new object[r.FieldCount];
            r.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>An object whose centroid pixel lies inside its own mask: (image_id, t, label, x, y, track_id).</summary>
    public (string ImageId, int T, int Label, int X, int Y, long? TrackId) ObjectUnderItsCentroid(int t)
    {
        foreach (var r in Rows("SELECT o.image_id, f.t, o.label, o.centroid_x, o.centroid_y, o.rle, f.height, o.track_id FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id WHERE f.t = $t AND o.track_id IS NOT NULL ORDER BY o.area DESC", ("$t", t)))
        {
            int x = (int)Math.Round(Convert.ToDouble(r[3], CultureInfo.InvariantCulture)), y = (int)Math.Round(Convert.ToDouble(r[4], CultureInfo.InvariantCulture));
            if (DashboardEndpoints.RleCovers((string)r[5], Convert.ToInt32(r[6], CultureInfo.InvariantCulture), x, y))
                return ((string)r[0], t, Convert.ToInt32(r[2], CultureInfo.InvariantCulture), x, y, r[7] is DBNull ? null : Convert.ToInt64(r[7], CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException($"no object at t={t} covers its centroid");
    }

    /// <summary>
    /// Writes <c>tracks</c> from <c>man_track.txt</c> (L B E P) and sets <c>objects.track_id</c> to the ground-truth
    /// track label covering most of each object's mask (what a tracker will write into the same tables).
    /// </summary>
    public static void FillTracksFromGroundTruth(string db, string job, string traDir, string sequence)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var tx = c.BeginTransaction();
        foreach (var line in File.ReadAllLines(Path.Combine(traDir, "man_track.txt")))
        {
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length != 4) continue;
            using var ins = c.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = "INSERT OR REPLACE INTO tracks (job, track_id, sequence, t_start, t_end, parent_track_id) VALUES ($job, $l, $seq, $b, $e, $p)";
            ins.Parameters.AddWithValue("$job", job);
            ins.Parameters.AddWithValue("$l", long.Parse(p[0], CultureInfo.InvariantCulture));
            ins.Parameters.AddWithValue("$seq", sequence);
            ins.Parameters.AddWithValue("$b", int.Parse(p[1], CultureInfo.InvariantCulture));
            ins.Parameters.AddWithValue("$e", int.Parse(p[2], CultureInfo.InvariantCulture));
            var parent = long.Parse(p[3], CultureInfo.InvariantCulture);
            ins.Parameters.AddWithValue("$p", parent == 0 ? DBNull.Value : parent);
            ins.ExecuteNonQuery();
        }
        var frames = new List<(string Id, int T, int H, int W)>();
        using (var q = c.CreateCommand())
        {
            q.Transaction = tx;
            q.CommandText = "SELECT image_id, t, height, width FROM frames WHERE job = $job AND sequence = $seq";
            q.Parameters.AddWithValue("$job", job);
            q.Parameters.AddWithValue("$seq", sequence);
            using var r = q.ExecuteReader();
            while (r.Read()) frames.Add((r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3)));
        }
        foreach (var (id, t, h, w) in frames)
        {
            using var gt = Cv2.ImRead(Path.Combine(traDir, $"man_track{t:D3}.tif"), ImreadModes.Unchanged);
            gt.GetArray(out ushort[] truth);
            var objects = new List<(int Label, string Rle)>();
            using (var q = c.CreateCommand())
            {
                q.Transaction = tx;
                q.CommandText = "SELECT label, rle FROM objects WHERE job = $job AND image_id = $id";
                q.Parameters.AddWithValue("$job", job);
                q.Parameters.AddWithValue("$id", id);
                using var r = q.ExecuteReader();
                while (r.Read()) objects.Add((r.GetInt32(0), r.GetString(1)));
            }
            foreach (var (label, rle) in objects)
            {
                var mask = new int[h * w];
                Rle.DecodeInto(rle, 1, mask, h, w);
                var votes = new Dictionary<int, int>();
                for (var i = 0; i < mask.Length; i++)
                    if (mask[i] != 0 && truth[i] != 0) votes[truth[i]] = votes.GetValueOrDefault(truth[i]) + 1;
                if (votes.Count == 0) continue;
                var best = votes.MaxBy(kv => kv.Value).Key;
                using var up = c.CreateCommand();
                up.Transaction = tx;
                up.CommandText = "UPDATE objects SET track_id = $tr WHERE job = $job AND image_id = $id AND label = $label";
                up.Parameters.AddWithValue("$tr", best);
                up.Parameters.AddWithValue("$job", job);
                up.Parameters.AddWithValue("$id", id);
                up.Parameters.AddWithValue("$label", label);
                up.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "cellactors.dll");

    public static CliResult RunCli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("cellactors " + string.Join(' ', args) + " did not finish");
        }
        p.WaitForExit();
        return new CliResult(p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>Tests sharing one generated results database and its dashboard.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
