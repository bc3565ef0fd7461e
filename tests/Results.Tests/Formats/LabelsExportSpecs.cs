using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.Results.Formats;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Results.Tests.Formats;

public sealed class LabelsExportSpecs
{
    [Fact]
    public void Labels_above_65535_are_written_as_uint32_tiff_pages_and_refused_as_png()
    {
        using var tmp = new TempDir();
        var a = new LabelImage(2, 3, [0, 70_000, 1, 2, 0, 65_536], 70_000);
        var b = new LabelImage(2, 3, [5, 0, 0, 0, 0, 100_000], 100_000);
        var path = tmp.Sub("stack_masks.tif");
        LabelsExport.Write(path, [a, b], "tif", "stack");
        using (var tif = Tiff.Open(path, "r"))
        {
            Assert.Equal(2, tif.NumberOfDirectories());
            foreach (var (page, i) in new[] { a, b }.Select((p, i) => (p, i)))
            {
                tif.SetDirectory((short)i);
                Assert.Equal(32, tif.GetField(TiffTag.BITSPERSAMPLE)[0].ToInt());
                Assert.Equal((int)SampleFormat.UINT, tif.GetField(TiffTag.SAMPLEFORMAT)[0].ToInt());
                var row = new byte[page.Width * 4];
                for (int y = 0; y < page.Height; y++)
                {
                    tif.ReadScanline(row, y);
                    for (int x = 0; x < page.Width; x++) Assert.Equal(page.Labels[y * page.Width + x], BitConverter.ToInt32(row, x * 4));
                }
            }
        }
        var png = Assert.Throws<InvalidDataException>(() => LabelsExport.Write(tmp.Sub("a_masks.png"), [a], "png", "a.tif"));
        Assert.Contains("65,535", png.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => LabelsExport.Write(tmp.Sub("s_masks.png"), [LabelImage.Empty(2, 2), LabelImage.Empty(2, 2)], "png", "s.tif"));
    }
}
