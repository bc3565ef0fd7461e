using System.CommandLine;
using System.Data.Common;
using CellActors.Imaging;
using CellActors.Results.Formats;

namespace CellActors.Cli;

/// <summary><c>cellactors export ctc|csv|parquet|labels|measurements|geojson|napari|trackmate RESULTS --to ...</c>: results in the formats of the field.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var cmd = new Command("export", "Export a job's results: CTC result folder, DSB RLE CSV, Parquet tables, label images, measurement tables, QuPath GeoJSON, napari tracks or a TrackMate XML file.");
        cmd.Subcommands.Add(Ctc());
        cmd.Subcommands.Add(Csv());
        cmd.Subcommands.Add(Parquet());
        cmd.Subcommands.Add(Labels());
        cmd.Subcommands.Add(Measurements());
        cmd.Subcommands.Add(GeoJson());
        cmd.Subcommands.Add(Napari());
        cmd.Subcommands.Add(TrackMate());
        return cmd;
    }

    private static Argument<string?> Results() => new Argument<string?>("results") { Description = "Results folder (or its cellactors.db); or give --db", Arity = ArgumentArity.ZeroOrOne }.RejectingOptions();

    private static Option<string?> Db() => new("--db") { Description = "Read a MariaDB/MySQL results database (a cluster's) instead of a folder: mysql://user:pw@host:port/db" };

    /// <summary>The results to read: the folder or file argument, or the --db URL (exactly one of them).</summary>
    internal static string Source(ParseResult pr, Argument<string?> results, Option<string?> db) =>
        (pr.GetValue(results), pr.GetValue(db)) switch
        {
            ({ } r, null) => r,
            (null, { } url) => url,
            (null, null) => throw new ArgumentException("name a results folder, or pass --db mysql://user:pw@host:port/db"),
            _ => throw new ArgumentException("give either a results folder or --db, not both"),
        };

    /// <summary>What the results argument names, for messages (null when neither is given).</summary>
    private static string? Target(ParseResult pr, Argument<string?> results, Option<string?> db) => pr.GetValue(results) ?? pr.GetValue(db);

    private static Option<string?> Job() => new("--job") { Description = "Job to export (needed when the database holds several)" };

    private static Command Ctc()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var sequence = new Option<string>("--sequence") { Description = "CTC sequence, e.g. 01", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset (needed when several datasets have that sequence)" };
        var to = new Option<string>("--to") { Description = "Output folder, e.g. out/01_RES (maskTTT.tif files); a local path or webhdfs://namenode:9870/path", Required = true };
        var cmd = new Command("ctc", "Write one sequence as a CTC result folder: uint16 maskTTT.tif per time point labelled by track id, with res_track.txt, once the job is tracked.")
            { results, db, job, sequence, dataset, to };
        cmd.SetAction(pr => Guard(() =>
        {
            var s = CtcExport.Export(Source(pr, results, db), pr.GetValue(sequence)!, pr.GetValue(dataset), pr.GetValue(to)!, pr.GetValue(job));
            Console.WriteLine($"wrote {s.Masks} masks ({s.Objects} objects) of {s.Dataset}/{s.Sequence} to {pr.GetValue(to)}"
                + (s.Tracks is { } n ? $", labelled by track, and res_track.txt ({n} tracks)" : " (not tracked: per-frame labels, no res_track.txt)"));
            if (s.FilledMissing.Count > 0)
                Console.WriteLine($"warning: {s.FilledMissing.Count} time point(s) had no frame (see the errors table) and were written as empty masks: {string.Join(", ", s.FilledMissing)}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    private static Command Csv()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var to = new Option<string>("--to") { Description = "CSV file to write (ImageId,EncodedPixels,Height,Width); a local path or webhdfs://namenode:9870/path/file.csv", Required = true };
        var cmd = new Command("csv", "Write a DSB-style RLE CSV: one row per object, one row with empty EncodedPixels per frame without cells.") { results, db, job, to };
        cmd.SetAction(pr => Guard(() =>
        {
            long n = RleCsv.Export(Source(pr, results, db), pr.GetValue(to)!, pr.GetValue(job));
            Console.WriteLine($"wrote {n} rows to {pr.GetValue(to)}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    private static Command Parquet()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var to = new Option<string>("--to") { Description = "Output folder (frames.parquet, objects.parquet, tracks.parquet); a local path or webhdfs://namenode:9870/path", Required = true };
        var cmd = new Command("parquet", "Write the frames, objects and tracks tables as Parquet files.") { results, db, job, to };
        cmd.SetAction(pr => Guard(() =>
        {
            var s = ParquetExport.Export(Source(pr, results, db), pr.GetValue(to)!, pr.GetValue(job)).GetAwaiter().GetResult();
            Console.WriteLine($"wrote {s.Frames} frames to {s.FramesPath}, {s.Objects} objects to {s.ObjectsPath}, {s.Tracks} tracks to {s.TracksPath}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    private static Command Labels()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var to = new Option<string>("--to") { Description = "Output folder (<stem>_masks.tif per input image); a local path or webhdfs://namenode:9870/path", Required = true };
        var format = new Option<string>("--format") { Description = "tif (uint16, uint32 above 65,535 labels; stacks as multi-page TIFF) or png (uint16, 2D only)", DefaultValueFactory = _ => "tif" };
        format.AcceptOnlyFromAmong("tif", "png");
        var cmd = new Command("labels", "Write one label image per input image, named after it as Cellpose does (<stem>_masks.tif).") { results, db, job, to, format };
        cmd.SetAction(pr => Guard(() =>
        {
            var (images, objects) = LabelsExport.Export(Source(pr, results, db), pr.GetValue(to)!, pr.GetValue(format)!, pr.GetValue(job));
            Console.WriteLine($"wrote {images} label images ({objects} objects) to {pr.GetValue(to)}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    private static Command Measurements()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var to = new Option<string>("--to") { Description = "CSV file to write; a local path or webhdfs://namenode:9870/path/file.csv", Required = true };
        var level = new Option<string>("--level") { Description = "objects (one row per object), frames or tracks", DefaultValueFactory = _ => "objects" };
        level.AcceptOnlyFromAmong("objects", "frames", "tracks");
        var cmd = new Command("measurements", "Write every measurement of one table as a CSV with CellProfiler-style column names (units in the names).") { results, db, job, to, level };
        cmd.SetAction(pr => Guard(() =>
        {
            var l = Enum.Parse<MeasurementLevel>(pr.GetValue(level)!, ignoreCase: true);
            long n = MeasurementsExport.Export(Source(pr, results, db), pr.GetValue(to)!, l, pr.GetValue(job));
            Console.WriteLine($"wrote {n} rows ({pr.GetValue(level)}) to {pr.GetValue(to)}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    private static Command GeoJson()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var to = new Option<string>("--to") { Description = "Output folder (<stem>.geojson per input image); a local path or webhdfs://namenode:9870/path", Required = true };
        var cmd = new Command("geojson", "Write one GeoJSON FeatureCollection per input image that QuPath imports: each object a detection with its outline and measurements.") { results, db, job, to };
        cmd.SetAction(pr => Guard(() =>
        {
            var (files, features) = GeoJsonExport.Export(Source(pr, results, db), pr.GetValue(to)!, pr.GetValue(job));
            Console.WriteLine($"wrote {files} GeoJSON files ({features} objects) to {pr.GetValue(to)}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    private static Command Napari()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var to = new Option<string>("--to") { Description = "CSV file (track_id,t,[z,]y,x); the graph goes beside it as NAME_graph.json; a local path or webhdfs://...", Required = true };
        var cmd = new Command("napari", "Write a tracked job as a napari tracks layer: CSV of track_id, t, [z,] y, x and its graph (track -> parents) as JSON.") { results, db, job, to };
        cmd.SetAction(pr => Guard(() =>
        {
            var (rows, tracks, links) = NapariExport.Export(Source(pr, results, db), pr.GetValue(to)!, pr.GetValue(job));
            Console.WriteLine($"wrote {rows} points of {tracks} tracks to {pr.GetValue(to)} and {links} parent links to {NapariExport.GraphPath(pr.GetValue(to)!)}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    private static Command TrackMate()
    {
        var results = Results();
        var db = Db();
        var job = Job();
        var sequence = new Option<string?>("--sequence") { Description = "Sequence to export (needed when the job has several: a TrackMate file holds one)" };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset (needed when several datasets have that sequence)" };
        var to = new Option<string>("--to") { Description = "TrackMate XML file to write; a local path or webhdfs://namenode:9870/path/file.xml", Required = true };
        var cmd = new Command("trackmate", "Write one tracked sequence as a TrackMate XML file (Fiji: Plugins > Tracking > Load a TrackMate file): spots at the objects' centroids with their measurements, one track per lineage.")
            { results, db, job, sequence, dataset, to };
        cmd.SetAction(pr => Guard(() =>
        {
            var (spots, tracks, edges) = TrackMateExport.Export(Source(pr, results, db), pr.GetValue(to)!, pr.GetValue(sequence), pr.GetValue(dataset), pr.GetValue(job));
            Console.WriteLine($"wrote {spots} spots, {tracks} tracks (one per lineage) and {edges} edges to {pr.GetValue(to)}");
            return 0;
        }, Target(pr, results, db)));
        return cmd;
    }

    /// <summary>
    /// Runs a command body, turning the errors users cause into a message and an exit code: 2 for bad arguments or
    /// missing files (and a results database <paramref name="target"/> without CellActors tables or that refuses the
    /// login), 4 for a database server that cannot be reached, 1 for invalid content (<see cref="CliFailure"/>).
    /// </summary>
    internal static int Guard(Func<int> body, string? target = null)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when ((ex is DbException || ex is ArgumentException { InnerException: DbException })
                                   && CliFailure.Describe(ex, CliFailure.Name(target ?? "the results database")) is { } failure)
        {
            Console.Error.WriteLine($"error: {failure.Message}");
            return failure.Code;
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is InvalidDataException or MalformedRleException or BadInputException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            // e.g. an HDFS target that refuses the write (permission, unreachable namenode or datanode)
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
