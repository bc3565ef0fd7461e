using System.Globalization;
using System.Text;
using System.Text.Json;
using CellActors.Messages;
using CellActors.Results.Sql;

namespace CellActors.Results.Formats;

/// <summary>
/// Exports a tracked job for napari's tracks layer: a CSV <c>track_id,t,[z,]y,x</c> (one row per tracked object, its
/// centroid; <c>z</c> only when the job has z-slices) and, beside it, <c>&lt;name&gt;_graph.json</c>: napari's
/// <c>graph</c> dict, each track with a parent mapped to its parents' ids (from <c>tracks.parent_track_id</c>).
/// </summary>
public static class NapariExport
{
    /// <summary>The graph file beside <paramref name="csvPath"/>: <c>tracks.csv</c> → <c>tracks_graph.json</c>.</summary>
    public static string GraphPath(string csvPath)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        int slash = csvPath.LastIndexOf('/');
        var name = csvPath[(slash + 1)..];
        var stem = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        return csvPath[..(slash + 1)] + stem + "_graph.json";
    }

    /// <summary>Writes the CSV and the graph (local, or HDFS locations through <see cref="ExportTarget"/>). Returns (rows, tracks, tracks with a parent).</summary>
    /// <exception cref="InvalidDataException">the job is not tracked.</exception>
    public static (long Rows, int Tracks, int Links) Export(string results, string csvPath, string? job = null)
    {
        if (ExportTarget.IsRemote(csvPath))
        {
            using (var check = ResultsDatabase.Open(results, job)) RequireTracked(check);
            var graph = GraphPath(csvPath);
            return ExportTarget.Files([csvPath, graph], local =>
                Export(results, Path.Combine(local, ExportTarget.LastSegment(csvPath)), job));
        }
        using var db = ResultsDatabase.Open(results, job);
        RequireTracked(db);
        bool hasZ;
        using (var cmd = db.Command("SELECT MAX(z) FROM frames WHERE job = @job")) hasZ = SqlCommands.ToLong(cmd.ExecuteScalar()) > 0;
        var dir = Path.GetDirectoryName(Path.GetFullPath(csvPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        long rows = 0;
        using (var w = new StreamWriter(csvPath, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            w.WriteLine(hasZ ? "track_id,t,z,y,x" : "track_id,t,y,x");
            using var cmd = db.Command("""
                SELECT o.track_id, f.t, f.z, o.centroid_y, o.centroid_x
                FROM objects o JOIN frames f ON f.job = o.job AND f.image_id = o.image_id
                WHERE o.job = @job AND o.track_id IS NOT NULL ORDER BY o.track_id, f.t, f.z
                """);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = SqlCommands.ToLong(r.GetValue(0)).ToString(CultureInfo.InvariantCulture);
                var t = SqlCommands.ToInt(r.GetValue(1)).ToString(CultureInfo.InvariantCulture);
                var y = SqlCommands.ToDouble(r.GetValue(3)).ToString("R", CultureInfo.InvariantCulture);
                var x = SqlCommands.ToDouble(r.GetValue(4)).ToString("R", CultureInfo.InvariantCulture);
                w.WriteLine(hasZ ? $"{id},{t},{SqlCommands.ToInt(r.GetValue(2)).ToString(CultureInfo.InvariantCulture)},{y},{x}" : $"{id},{t},{y},{x}");
                rows++;
            }
        }
        int tracks, links = 0;
        using (var cmd = db.Command("SELECT COUNT(*) FROM tracks WHERE job = @job")) tracks = SqlCommands.ToInt(cmd.ExecuteScalar());
        using (var fs = File.Create(GraphPath(csvPath)))
        using (var json = new Utf8JsonWriter(fs, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            using var cmd = db.Command("SELECT track_id, parent_track_id FROM tracks WHERE job = @job AND parent_track_id IS NOT NULL ORDER BY track_id");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                json.WriteStartArray(SqlCommands.ToLong(r.GetValue(0)).ToString(CultureInfo.InvariantCulture));
                json.WriteNumberValue(SqlCommands.ToLong(r.GetValue(1)));
                json.WriteEndArray();
                links++;
            }
            json.WriteEndObject();
        }
        return (rows, tracks, links);
    }

    /// <summary>Refuses a job that has not been tracked (no finished tracking, or no tracked object).</summary>
    /// <exception cref="InvalidDataException">the job is not tracked; the message says to run <c>cellactors track</c>.</exception>
    public static void RequireTracked(ResultsDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var message = $"job '{db.Job}' of {db.Path} is not tracked yet: run `cellactors track` on it first (or `cellactors run --track`)";
        using (var exists = db.Command(db.Dialect.TableExists, ("@table", "tracking")))
            if (SqlCommands.ToLong(exists.ExecuteScalar()) == 0) throw new InvalidDataException(message);
        using (var cmd = db.Command("SELECT COUNT(*) FROM tracking WHERE job = @job AND status = @done", ("@done", TrackingStatus.Done.StoredName())))
            if (SqlCommands.ToLong(cmd.ExecuteScalar()) == 0) throw new InvalidDataException(message);
    }
}
