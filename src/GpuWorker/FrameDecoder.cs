using CellActors.Imaging;
using CellActors.Messages;
using CellActors.Results;

namespace CellActors.GpuWorker;

/// <summary>
/// What a decoder does to a segmented frame: decode the RLEs back into a label image (shape from the message),
/// measure geometry (with the shape measurements of <see cref="ObjectMeasurer"/>), join the detector's intensities, and produce the rows of the results contract. With a known pixel
/// size, objects get <c>area_um2</c> (area × x × y) and <c>equivalent_diameter_um</c> (the diameter of the disc of that
/// physical area, so anisotropic pixels are measured right).
/// </summary>
public static class FrameDecoder
{
    [ThreadStatic]
    private static int[]? _buffer;

    /// <summary>Rows for one segmented frame. Throws <see cref="InvalidDataException"/> when the masks disagree with the detector's pixel counts.</summary>
    public static (FrameRow Frame, IReadOnlyList<ObjectRow> Objects) ToRows(SegmentedFrame s)
    {
        // One label buffer per thread, reused while the frame shape stays the same: no 4-byte-per-pixel
        // large-object-heap allocation per frame.
        var size = checked(s.Height * s.Width);
        if (_buffer is null || _buffer.Length != size) _buffer = new int[size];
        Rle.DecodeAllInto(s.Objects.Select(o => o.Rle).ToList(), _buffer, s.Height, s.Width, s.Frame.ImageId);
        var labels = new LabelImage(s.Height, s.Width, _buffer, s.Objects.Count);
        var geometry = ObjectMeasurer.Measure(labels);
        var byLabel = new Dictionary<int, ObjectMeasurement>(geometry.Length);
        foreach (var g in geometry) byLabel[g.Label] = g;
        var rows = new List<ObjectRow>(s.Objects.Count);
        var scale = s.Frame.Scale;
        double? pixelArea = scale is { SizeX: { } sx, SizeY: { } sy } ? sx * sy : null;
        for (var i = 0; i < s.Objects.Count; i++)
        {
            var o = s.Objects[i];
            var label = i + 1; // DecodeAll numbers masks by position
            if (!byLabel.TryGetValue(label, out var g) || g.Area != o.PixelCount)
                throw new InvalidDataException($"{s.Frame.ImageId}: object {o.Label} decodes to {(byLabel.TryGetValue(label, out var gg) ? gg.Area : 0)} pixels, detector counted {o.PixelCount}");
            rows.Add(new ObjectRow(s.Frame.ImageId, o.Label, g.Area, g.CentroidX, g.CentroidY, g.BboxX, g.BboxY, g.BboxWidth, g.BboxHeight,
                o.IntensitySum / o.PixelCount, o.IntensityMin, o.IntensityMax, o.IntensitySum,
                g.Perimeter, g.Eccentricity, g.Solidity, g.EquivalentDiameter, ClassId: 1, Score: 1.0, o.Rle,
                g.Area * pixelArea, pixelArea is { } a ? Math.Sqrt(4 * g.Area * a / Math.PI) : null, ObjectShapeRow.From(g)));
        }
        var fm = FrameMeasurer.Measure(labels);
        var f = s.Frame;
        var frame = new FrameRow(f.ImageId, f.Dataset, f.Sequence, f.T, f.Z, s.Height, s.Width,
            fm.CellCount, fm.CellArea, fm.TotalArea, fm.CellRatio, s.IntensityMean, s.IntensityMin, s.IntensityMax, s.IntensityStd, f.Uri, f.Page,
            scale?.SizeX, scale?.SizeY, scale?.SizeZ, scale?.TimeIncrement);
        return (frame, rows);
    }

    /// <summary>The <c>frame_segmentation</c> row of a frame that carries its segmenter's choice.</summary>
    public static SegmentationRow ToSegmentationRow(SegmentedFrame s)
    {
        var c = s.Segmentation ?? throw new ArgumentException($"{s.Frame.ImageId}: the frame carries no segmentation choice", nameof(s));
        return new SegmentationRow(s.Frame.ImageId, s.Frame.Dataset, s.Frame.Sequence, c.Segmenter, c.Scale, c.Inverted, c.Modality,
            c.BackgroundPosition, c.Noise, c.Colour, c.TypicalDiameter, c.Augmentation);
    }

    /// <summary>
    /// The per-channel rows of a segmented frame: one <c>frame_intensities</c> row per channel and one
    /// <c>object_intensities</c> row per object and channel (mean, min, max, sum, population standard deviation), as
    /// CellProfiler's MeasureObjectIntensity gives over several images. None for a frame from a detector that measured no channels.
    /// </summary>
    public static (IReadOnlyList<FrameIntensityRow> Frame, IReadOnlyList<ObjectIntensityRow> Objects) ChannelRows(SegmentedFrame s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Channels is not { } channels) return ([], []);
        var id = s.Frame.ImageId;
        var frame = channels.Select(c => new FrameIntensityRow(id, c.Channel, c.Name, c.Mean, c.Min, c.Max, c.Std)).ToList();
        var names = channels.ToDictionary(c => c.Channel, c => c.Name);
        var objects = new List<ObjectIntensityRow>(s.Objects.Count * channels.Count);
        foreach (var o in s.Objects)
            foreach (var c in o.Channels ?? [])
                objects.Add(new ObjectIntensityRow(id, o.Label, c.Channel, names.GetValueOrDefault(c.Channel), c.Sum / o.PixelCount, c.Min, c.Max, c.Sum,
                    LabelIntensity.StdOf(o.PixelCount, c.Sum, c.SumOfSquares)));
        return (frame, objects);
    }

    /// <summary>The <c>errors</c> row of a failed frame.</summary>
    public static ErrorRow ToRow(FrameFailure f) => new(f.Frame.Uri, f.Frame.Page, f.Frame.ImageId, f.Stage, f.ErrorType, f.Message);
}
