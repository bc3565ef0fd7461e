using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.Results.Sql;

namespace CellActors.Results.Formats;

/// <summary>
/// Exports one label image per input image, named after the input as Cellpose names its masks
/// (<c>&lt;stem&gt;_masks.tif</c>, see <see cref="InputImages"/>): background 0, each object's pixels its <c>label</c>,
/// decoded from its RLE with the frame's height and width. uint16, or uint32 (TIFF only) when a label exceeds 65,535;
/// a 3D stack (frames with z) is one multi-page TIFF per input and time point, one page per z in order.
/// </summary>
public static class LabelsExport
{
    /// <summary>Writes the label images of the job to <paramref name="outDir"/> (local, or an HDFS location through <see cref="ExportTarget"/>); <paramref name="format"/> is <c>tif</c> or <c>png</c>. Returns (images, objects).</summary>
    /// <exception cref="ArgumentException">an unknown format.</exception>
    /// <exception cref="InvalidDataException">PNG asked for a stack or for labels above 65,535.</exception>
    public static (int Images, long Objects) Export(string results, string outDir, string format = "tif", string? job = null)
    {
        format = format.ToLowerInvariant() switch
        {
            "tif" or "tiff" => "tif",
            "png" => "png",
            _ => throw new ArgumentException($"unknown label format '{format}' (tif or png)"),
        };
        if (ExportTarget.IsRemote(outDir))
        {
            using (ResultsDatabase.Open(results, job)) { }
            return ExportTarget.Tree(outDir, local => Export(results, local, format, job));
        }
        using var db = ResultsDatabase.Open(results, job);
        var images = InputImages.Load(db);
        Directory.CreateDirectory(outDir);
        long objects = 0;
        foreach (var image in images)
        {
            var pages = new List<LabelImage>(image.Frames.Count);
            foreach (var f in image.Frames)
            {
                var page = Decode(db, f.ImageId, f.Height, f.Width, out int n);
                objects += n;
                pages.Add(page);
            }
            var path = Path.Combine(outDir, image.Name.Replace('/', Path.DirectorySeparatorChar) + "_masks." + format);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Write(path, pages, format, image.Uri);
        }
        return (images.Count, objects);
    }

    /// <summary>The label image of one frame, decoded from its objects' RLE (<paramref name="count"/>: objects).</summary>
    public static LabelImage Decode(ResultsDatabase db, string imageId, int height, int width, out int count)
    {
        ArgumentNullException.ThrowIfNull(db);
        var labels = new int[checked(height * width)];
        int max = 0;
        count = 0;
        using var cmd = db.Command("SELECT label, rle FROM objects WHERE job = @job AND image_id = @id ORDER BY label", ("@id", imageId));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            int label = SqlCommands.ToInt(r.GetValue(0));
            Rle.DecodeInto(r.GetString(1), label, labels, height, width, imageId);
            max = Math.Max(max, label);
            count++;
        }
        return new LabelImage(height, width, labels, max);
    }

    /// <summary>Writes <paramref name="pages"/> as one label file: uint16 when every label fits, else uint32 (TIFF only); several pages only as TIFF.</summary>
    /// <exception cref="InvalidDataException">PNG asked for several pages or labels above 65,535.</exception>
    public static void Write(string path, IReadOnlyList<LabelImage> pages, string format, string what)
    {
        ArgumentNullException.ThrowIfNull(pages);
        int max = pages.Count == 0 ? 0 : pages.Max(p => p.Labels.Length == 0 ? 0 : p.Labels.Max());
        if (format == "png")
        {
            if (pages.Count != 1) throw new InvalidDataException($"{what}: a stack of {pages.Count} z-slices cannot be one PNG; export it with --format tif (one multi-page TIFF)");
            if (max > ushort.MaxValue) throw new InvalidDataException($"{what}: label {max} does not fit in a 16-bit PNG (at most 65,535); export it with --format tif (uint32)");
        }
        if (max > ushort.MaxValue)
        {
            WriteUInt32Tiff(path, pages);
            return;
        }
        LabelPages.WriteUInt16(path, pages);
    }

    private static void WriteUInt32Tiff(string path, IReadOnlyList<LabelImage> pages)
    {
        using var tif = Tiff.Open(path, "w") ?? throw new IOException($"could not write {path}");
        for (int i = 0; i < pages.Count; i++)
        {
            var p = pages[i];
            tif.SetField(TiffTag.IMAGEWIDTH, p.Width);
            tif.SetField(TiffTag.IMAGELENGTH, p.Height);
            tif.SetField(TiffTag.BITSPERSAMPLE, 32);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.UINT);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tif.SetField(TiffTag.COMPRESSION, Compression.DEFLATE);
            tif.SetField(TiffTag.ROWSPERSTRIP, p.Height);
            if (pages.Count > 1)
            {
                tif.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tif.SetField(TiffTag.PAGENUMBER, i, pages.Count);
            }
            var row = new byte[p.Width * 4];
            for (int y = 0; y < p.Height; y++)
            {
                Buffer.BlockCopy(p.Labels, y * p.Width * 4, row, 0, row.Length);
                if (!tif.WriteScanline(row, y)) throw new IOException($"could not write {path}");
            }
            if (!tif.WriteDirectory()) throw new IOException($"could not write {path}");
        }
    }
}
