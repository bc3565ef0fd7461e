using System.CommandLine;
using CellActors.Results.Formats;

namespace CellActors.Cli;

/// <summary><c>cellactors import csv FILE --out DIR</c>: an RLE CSV (DSB or seed-style) into a results database.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var cmd = new Command("import", "Import results made elsewhere into a results database.");
        var file = new Argument<string>("csv") { Description = "RLE CSV: ImageId,EncodedPixels and Height,Width or Size (\"height, width\")" };
        var output = new Option<string>("--out", "-o") { Description = "Results folder (cellactors.db is created or added to)", Required = true };
        var job = new Option<string?>("--job") { Description = "Job name (default: the CSV file name); an existing job of that name is replaced" };
        var csv = new Command("csv", "Import an RLE CSV: rows of one ImageId are its objects; an empty EncodedPixels is a frame without cells; measurements are recomputed, intensities stored as 0.")
            { file, output, job };
        csv.SetAction(pr => ExportCommand.Guard(() =>
        {
            var path = pr.GetValue(file)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"no CSV file at {path}", path);
            var s = RleCsv.Import(path, pr.GetValue(output)!, pr.GetValue(job));
            Console.WriteLine($"imported job {s.Job}: {s.Frames} frames ({s.EmptyFrames} without cells), {s.Objects} objects into {s.Database}");
            return 0;
        }));
        cmd.Subcommands.Add(csv);
        return cmd;
    }
}
