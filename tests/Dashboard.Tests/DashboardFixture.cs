using System.Globalization;
using CellActors.Dashboard.Data;
using CellActors.Imaging;
using CellActors.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>
/// One results database made the way a user makes it (synthetic time-lapse, then the real <c>cellactors run</c>
/// process, tracked with <c>--track</c>), with a corrupt input (an <c>errors</c> row); and a dashboard serving it.
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
        var run = RunCli("run", "--segmenter", "default", Synth.DatasetPath, "--out", Results, "--batch-size", "4", "--track", "--quiet");
        if (run.ExitCode != 0) throw new InvalidOperationException("cellactors run --track failed: " + run);
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

    public SqliteConnection Open() => ResultsDb.Open(DatabasePath);

    public long Scalar(string sql, params (string Name, object Value)[] ps) => ResultsDb.Scalar(DatabasePath, sql, ps);

    public List<object[]> Rows(string sql, params (string Name, object Value)[] ps) => ResultsDb.Rows(DatabasePath, sql, ps);

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

    public static CliProcess.Result RunCli(params string[] args) => CliProcess.Run(args);
}

/// <summary>Tests sharing one generated results database and its dashboard.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
