using System.Diagnostics;
using System.Globalization;
using CellActors.Imaging;
using CellActors.Results;
using CellActors.TestSupport;

namespace CellActors.Cluster.Tests;

/// <summary>
/// What every cluster test shares: a private MariaDB server, a generated time-lapse, and the tables of the
/// one-process <c>cellactors run</c> on it (the reference every cluster run must reproduce).
/// </summary>
public sealed class ClusterFixture : IDisposable
{
    public const int Frames = 120;
    public const int BatchSize = 2;
    public const string Job = "synth";

    private readonly Lazy<(MariaDbServer Db, string Source, string Reference)> _setup;

    public ClusterFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "cellactors-cluster-tests", Guid.NewGuid().ToString("N")[..12]);
        _setup = new(Setup, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Root { get; }

    public MariaDbServer Db => _setup.Value.Db;

    public string Source => _setup.Value.Source;

    /// <summary>The one-process run's frames, objects and errors (<see cref="Dump"/>).</summary>
    public string Reference => _setup.Value.Reference;

    private (MariaDbServer, string, string) Setup()
    {
        var synth = SyntheticTimeLapse.Generate(Path.Combine(Root, "data"), new SynthOptions(Frames: Frames, Height: 256, Width: 256, InitialCells: 16, Seed: 21));
        var outDir = Path.Combine(Root, "one-process");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "cellactors.dll"), "run", "--segmenter", "default", synth.DatasetPath, "--out", outDir, "--job", Job, "--batch-size", BatchSize.ToString(CultureInfo.InvariantCulture), "--quiet" })
            psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException("the one-process run did not finish"); }
            if (p.ExitCode != 0) throw new InvalidOperationException($"the one-process run failed: {stdout.Result}\n{stderr.Result}");
        }
        string reference;
        using (var store = ResultStore.OpenSqlite(Path.Combine(outDir, "cellactors.db"), readOnly: true)) reference = Dump(store);
        return (MariaDbServer.Start(), synth.DatasetPath, reference);
    }

    /// <summary>Every results row (frames, objects, errors without timestamps) in key order, as text: equal dumps mean equal tables.</summary>
    public static string Dump(ResultStore store) => ResultsDb.Dump(sql => store.Query(sql),
    [
        ("frames", "SELECT job, image_id, dataset, sequence, t, z, height, width, cell_count, cell_area, total_area, cell_ratio, intensity_mean, intensity_min, intensity_max, intensity_std, uri, page FROM frames ORDER BY job, image_id"),
        ("objects", "SELECT job, image_id, label, area, centroid_x, centroid_y, bbox_x, bbox_y, bbox_width, bbox_height, intensity_mean, intensity_min, intensity_max, intensity_sum, perimeter, eccentricity, solidity, equivalent_diameter, class_id, score, rle, track_id FROM objects ORDER BY job, image_id, label"),
        ("errors", "SELECT job, uri, page, image_id, stage, error_type, message FROM errors ORDER BY job, uri, page"),
    ]);

    public void Dispose()
    {
        if (_setup.IsValueCreated) _setup.Value.Db.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
