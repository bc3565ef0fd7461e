using System.CommandLine;
using CellActors.Results.Formats;

namespace CellActors.Cli;

/// <summary>
/// <c>cellactors import csv FILE --out DIR</c>: an RLE CSV (DSB or seed-style) into a results database;
/// <c>cellactors import ctc-gt NN_GT --out DIR</c>: CTC ground truth into the <c>gt_*</c> tables.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var cmd = new Command("import", "Import results made elsewhere, or CTC ground truth, into a results database.");
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
        cmd.Subcommands.Add(CtcGt());
        return cmd;
    }

    private static Command CtcGt()
    {
        var folder = new Argument<string>("gt") { Description = "CTC ground-truth folder of one sequence, e.g. Fluo-N2DH-SIM+/01_GT (with SEG/ and/or TRA/)" };
        var output = new Option<string>("--out", "-o") { Description = "Results folder (cellactors.db is created or added to)", Required = true };
        var job = new Option<string?>("--job") { Description = "Name of this ground truth in the gt_* tables (default: DATASET/SEQUENCE_GT); importing again under it replaces it" };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset name (default: the name of the folder holding GT)" };
        var sequence = new Option<string?>("--sequence") { Description = "Sequence name (default: the GT folder name without _GT)" };
        var cmd = new Command("ctc-gt", "Import CTC ground truth as tables: gt_frames and gt_objects (SEG masks and TRA markers: label, area, centroid, bbox, RLE), gt_tracks (man_track.txt), gt_imports. "
            + "Rows carry the image_id of the raw frame they annotate, so they join with frames and objects.")
            { folder, output, job, dataset, sequence };
        cmd.SetAction(pr => ExportCommand.Guard(() =>
        {
            var s = CtcGroundTruth.Import(pr.GetValue(folder)!, pr.GetValue(output)!, pr.GetValue(job), pr.GetValue(dataset), pr.GetValue(sequence));
            var r = s.Import;
            Console.WriteLine($"imported ground truth {r.Job} ({r.Dataset} sequence {r.Sequence}): SEG {r.SegFrames} images, {r.SegObjects} objects; "
                + $"TRA {r.TraFrames} images, {r.TraObjects} markers; {r.Tracks} tracks into {s.Database}");
            return 0;
        }));
        return cmd;
    }
}
