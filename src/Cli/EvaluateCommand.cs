using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.Reading.Evaluation;
using CellActors.Results.Formats;

namespace CellActors.Cli;

/// <summary><c>cellactors evaluate ctc|dsb</c>: scores against ground truth (CTC SEG, DET and TRA; DSB2018 mAP).</summary>
internal static class EvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var cmd = new Command("evaluate", "Score results against ground truth: CTC SEG/DET/TRA, or the DSB2018 mean average precision.");
        cmd.Subcommands.Add(Ctc());
        cmd.Subcommands.Add(Dsb());
        return cmd;
    }

    private static Command Ctc()
    {
        var gt = new Option<string>("--gt") { Description = "Ground-truth folder of the sequence, e.g. Fluo-N2DH-SIM+/01_GT (with SEG/ and TRA/)", Required = true };
        var res = new Option<string>("--res") { Description = "Result folder with maskTTT.tif files (e.g. from `export ctc`), and res_track.txt for TRA", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var cmd = new Command("ctc", "SEG (from GT/SEG), DET and TRA (from GT/TRA) of a CTC result folder, as the Cell Tracking Challenge defines them. TRA needs res_track.txt in the result folder and TRA/man_track.txt in the ground truth.")
            { gt, res, json };
        cmd.SetAction(pr => ExportCommand.Guard(() =>
        {
            string g = pr.GetValue(gt)!, r = pr.GetValue(res)!;
            if (!Directory.Exists(g)) throw new DirectoryNotFoundException($"ground-truth folder not found: {g}");
            if (!Directory.Exists(r)) throw new DirectoryNotFoundException($"result folder not found: {r}");
            SegScore? seg = Directory.Exists(Path.Combine(g, "SEG")) ? CtcFolder.EvaluateSeg(g, r) : null;
            DetScore? det = Directory.Exists(Path.Combine(g, "TRA")) ? CtcFolder.EvaluateDet(g, r) : null;
            if (seg is null && det is null) throw new DirectoryNotFoundException($"{g} has neither SEG/ nor TRA/");
            bool hasResTracks = File.Exists(CtcFolder.ResultTrackFile(r));
            bool hasGtTracks = File.Exists(CtcFolder.ReferenceTrackFile(g));
            var tracking = det is not null && hasResTracks && hasGtTracks ? CtcFolder.EvaluateTracking(g, r) : ((TraScore, DivisionScore, DivisionScore)?)null;
            TraScore? tra = tracking?.Item1;
            (DivisionScore Exact, DivisionScore Tolerant)? divisions = tracking is { } tk ? (tk.Item2, tk.Item3) : null;
            string traMissing = det is null || !hasGtTracks ? $"no tracking ground truth ({CtcFolder.ReferenceTrackFile(g)})"
                : $"no {Path.GetFileName(CtcFolder.ResultTrackFile(r))} in the result folder (tracking results needed)";
            if (pr.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    gt = g,
                    res = r,
                    seg = seg is null ? null : new { seg.Seg, seg.ReferenceObjects, seg.Matched, AnnotatedFrames = seg.Frames.Count },
                    det = det is null ? null : new { det.Det, det.AogmD, det.AogmD0, det.Splits, det.FalseNegatives, det.FalsePositives, det.ReferenceMarkers, Frames = det.Frames.Count },
                    tra = tra is null ? null : new
                    {
                        tra.Tra, tra.Aogm, tra.Aogm0, tra.Splits, tra.FalseNegatives, tra.FalsePositives, tra.RedundantEdges, tra.MissingEdges,
                        tra.WrongSemantics, tra.ReferenceVertices, tra.ReferenceEdges, tra.Frames,
                    },
                    tra_missing = tra is null ? traMissing : null,
                    divisions = divisions is not { } dv ? null : new
                    {
                        dv.Exact.Reference, dv.Exact.Detected, dv.Exact.Matched, dv.Exact.Precision, dv.Exact.Recall, dv.Exact.F1,
                        Within2Frames = new { dv.Tolerant.Matched, dv.Tolerant.Precision, dv.Tolerant.Recall, dv.Tolerant.F1 },
                    },
                }, Json));
                return 0;
            }
            Console.WriteLine($"ground truth  {g}");
            Console.WriteLine($"result        {r}");
            Console.WriteLine();
            Console.WriteLine("measure  value     details");
            if (seg is not null)
                Console.WriteLine(Inv($"SEG      {seg.Seg,-8:0.000000}  {seg.ReferenceObjects} reference objects in {seg.Frames.Count} annotated frames, {seg.Matched} matched"));
            else Console.WriteLine("SEG      -         no SEG ground truth");
            if (det is not null)
                Console.WriteLine(Inv($"DET      {det.Det,-8:0.000000}  AOGM-D {det.AogmD:0} of {det.AogmD0:0} (NS {det.Splits}, FN {det.FalseNegatives}, FP {det.FalsePositives}; {det.ReferenceMarkers} markers in {det.Frames.Count} frames)"));
            else Console.WriteLine("DET      -         no TRA ground truth");
            if (tra is not null)
                Console.WriteLine(Inv($"TRA      {tra.Tra,-8:0.000000}  AOGM {tra.Aogm:0.###} of {tra.Aogm0:0.###} (NS {tra.Splits}, FN {tra.FalseNegatives}, FP {tra.FalsePositives}, ED {tra.RedundantEdges}, EA {tra.MissingEdges}, EC {tra.WrongSemantics}; {tra.ReferenceVertices} reference vertices, {tra.ReferenceEdges} edges)"));
            else Console.WriteLine($"TRA      -         {traMissing}");
            if (divisions is { } d)
            {
                Console.WriteLine(Inv($"DIV      {d.Exact.F1,-8:0.000000}  F1 of division detection, same frame: precision {d.Exact.Precision:0.000} recall {d.Exact.Recall:0.000} ({d.Exact.Matched} of {d.Exact.Detected} detected match, {d.Exact.Reference} in the reference; same mother and daughters)"));
                Console.WriteLine(Inv($"DIV±2    {d.Tolerant.F1,-8:0.000000}  the same within 2 frames: precision {d.Tolerant.Precision:0.000} recall {d.Tolerant.Recall:0.000} ({d.Tolerant.Matched} match)"));
            }
            return 0;
        }));
        return cmd;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static Command Dsb()
    {
        var gt = new Option<string>("--gt") { Description = "Ground truth: an RLE CSV (ImageId,EncodedPixels[,Height,Width|Size]) or a DSB stage1_train-style folder (<id>/masks/*.png)", Required = true };
        var pred = new Option<string>("--pred") { Description = "Predictions: an RLE CSV (e.g. from `export csv`)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var cmd = new Command("dsb", "The DSB2018 score: per image TP/(TP+FP+FN) averaged over IoU thresholds 0.50..0.95, then over images. "
            + "Every ground-truth image is scored (an image without predictions scores 0); predicted images absent from the ground truth are reported and ignored. "
            + "With a folder as ground truth, prediction ids are matched by their file stem (stage1_train/<id>/images/<id>.png -> <id>).")
            { gt, pred, json };
        cmd.SetAction(pr => ExportCommand.Guard(() =>
        {
            string g = pr.GetValue(gt)!, p = pr.GetValue(pred)!;
            if (!File.Exists(p)) throw new FileNotFoundException($"no prediction CSV at {p}", p);
            bool folder = Directory.Exists(g);
            if (!folder && !File.Exists(g)) throw new FileNotFoundException($"no ground truth at {g}", g);
            var pImages = RleCsv.GroupImages(RleCsv.Read(p), Path.GetFileName(p))
                .ToDictionary(i => folder ? Stem(i.ImageId) : i.ImageId, StringComparer.Ordinal);
            var scored = new List<(string, LabelImage, LabelImage)>();
            var gtIds = new HashSet<string>(StringComparer.Ordinal);
            if (folder)
            {
                foreach (var id in DsbFolder.ImageIds(g))
                {
                    gtIds.Add(id);
                    var reference = DsbFolder.ReadReference(g, id);
                    var predicted = pImages.TryGetValue(id, out var pi) ? RleCsv.Decode(pi, Path.GetFileName(p), reference.Height, reference.Width) : LabelImage.Empty(reference.Height, reference.Width);
                    scored.Add((id, reference, predicted));
                }
            }
            else
            {
                string gName = Path.GetFileName(g), pName = Path.GetFileName(p);
                foreach (var gi in RleCsv.GroupImages(RleCsv.Read(g), gName))
                {
                    gtIds.Add(gi.ImageId);
                    pImages.TryGetValue(gi.ImageId, out var pi);
                    int? h = gi.Height ?? pi?.Height, w = gi.Width ?? pi?.Width;
                    if (h is null || w is null)
                        throw new InvalidDataException($"{gName} line {gi.FirstLine}: ImageId {gi.ImageId} has no Height/Width (or Size) in either file");
                    var reference = RleCsv.Decode(gi, gName, h, w);
                    var predicted = pi is null ? LabelImage.Empty(h.Value, w.Value) : RleCsv.Decode(pi, pName, h, w);
                    scored.Add((gi.ImageId, reference, predicted));
                }
            }
            var extra = pImages.Keys.Where(k => !gtIds.Contains(k)).ToList();
            var score = DsbMetric.Score(scored);
            if (pr.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    score = score.Score,
                    images = score.Images.Count,
                    thresholds = DsbMetric.Thresholds,
                    mean_precision = score.MeanPrecisionPerThreshold,
                    ignored_predicted_images = extra,
                    per_image = score.Images.Select(i => new { image_id = i.ImageId, score = i.Score, reference_objects = i.ReferenceObjects, predicted_objects = i.PredictedObjects }),
                }, Json));
                return 0;
            }
            Console.WriteLine(Inv($"DSB2018 score  {score.Score:0.000000}  over {score.Images.Count} images"));
            Console.WriteLine();
            Console.WriteLine("IoU > t  mean precision");
            for (int k = 0; k < DsbMetric.Thresholds.Count; k++)
                Console.WriteLine(Inv($"{DsbMetric.Thresholds[k]:0.00}     {score.MeanPrecisionPerThreshold[k]:0.000000}"));
            if (extra.Count > 0) Console.WriteLine($"warning: {extra.Count} predicted image(s) not in the ground truth were ignored (e.g. {extra[0]})");
            return 0;
        }));
        return cmd;
    }

    /// <summary>The DSB id of a pipeline image id: the file name of its last segment without extension (and without a /pNNNN page suffix).</summary>
    private static string Stem(string imageId)
    {
        var parts = imageId.Split('/');
        var last = parts[^1];
        if (parts.Length > 1 && last.Length == 5 && last[0] == 'p' && last[1..].All(char.IsAsciiDigit)) last = parts[^2];
        return Path.GetFileNameWithoutExtension(last);
    }
}
