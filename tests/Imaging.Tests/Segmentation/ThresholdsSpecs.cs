using OpenCvSharp;
using Xunit;

namespace CellActors.Imaging.Tests.Segmentation;

/// <summary>
/// The global thresholds on small hand-made inputs. Otsu values were computed with scikit-image 0.19.3
/// (<c>skimage.filters.threshold_otsu</c>) on the same inputs; triangle values are worked out by hand in the comments.
/// </summary>
public sealed class ThresholdsSpecs
{
    [Fact]
    public void Otsu_of_a_bimodal_histogram_is_the_last_bin_of_the_dark_mode_as_scikit_image_says()
    {
        double[] hist = [1, 3, 8, 12, 8, 3, 1, 1, 2, 6, 10, 6, 2, 1];
        Assert.Equal(6, Thresholds.OtsuBin(hist)); // threshold_otsu(hist=hist) == 6
        Assert.Equal(4, Thresholds.OtsuBin([5, 1, 1, 1, 1, 1, 1, 1, 1, 20])); // threshold_otsu(hist=...) == 4
    }

    [Fact]
    public void Otsu_reports_the_separation_of_its_classes_in_background_standard_deviations()
    {
        // Background bins 0..1 (3 and 1 pixels: mean 0.25, sd sqrt(3/16) = 0.433), foreground bin 3 (4 pixels).
        Assert.Equal(1, Thresholds.OtsuBin([3, 1, 0, 4], out var separation));
        Assert.Equal((3 - 0.25) / Math.Sqrt(3.0 / 16), separation, 12);
        // A background within one bin spreads over at least 0.29 bin; an empty class separates nothing.
        Thresholds.OtsuBin([5, 0, 5], out var oneBin);
        Assert.Equal(2 / 0.29, oneBin, 12);
        Thresholds.OtsuBin([0, 7, 0], out var none);
        Assert.Equal(0, none);
    }

    [Fact]
    public void Otsu_of_a_float_image_is_the_centre_of_its_bin_as_scikit_image_says()
    {
        using var img = Image(MatType.CV_64FC1, [0.10, 0.20, 0.15, 0.90, 0.85, 0.80, 0.12, 0.18, 0.95, 0.22, 0.11, 0.88, 0.14, 0.91, 0.86, 0.13]);
        Assert.Equal(0.259375, Thresholds.Otsu(img, bins: 8), 12);      // threshold_otsu(img, nbins=8)
        Assert.Equal(0.22119140625, Thresholds.Otsu(img), 12);          // threshold_otsu(img) (nbins=256)
    }

    [Fact]
    public void Otsu_of_an_integer_image_bins_every_value_and_of_a_flat_image_is_its_value()
    {
        using var u8 = Image(MatType.CV_8UC1, [10, 12, 11, 200, 205, 198, 13, 9, 210, 14, 12, 202, 11, 199, 201, 10]);
        Assert.Equal(14, Thresholds.Otsu(u8)); // threshold_otsu(uint8 image) == 14, nbins ignored for integers
        Assert.Equal(14, Thresholds.Otsu(u8, bins: 4));
        using var flat = Image(MatType.CV_32FC1, [3, 3, 3, 3]);
        Assert.Equal(3, Thresholds.Otsu(flat));
    }

    [Fact]
    public void The_histogram_bins_like_numpy_and_scikit_image()
    {
        using var img = Image(MatType.CV_64FC1, [0, 0.25, 0.5, 0.75, 1.0, 0.1]);
        var (counts, centers) = Thresholds.Histogram(img, bins: 4);
        Assert.Equal([2.0, 1, 1, 2], counts); // the last bin holds the maximum
        Assert.Equal([0.125, 0.375, 0.625, 0.875], centers);
        using var u8 = Image(MatType.CV_8UC1, [5, 7, 7, 8]);
        var (c8, x8) = Thresholds.Histogram(u8);
        Assert.Equal([1.0, 0, 2, 1], c8);
        Assert.Equal([5.0, 6, 7, 8], x8);
    }

    [Fact]
    public void Triangle_takes_the_bin_farthest_from_the_line_from_the_peak_to_the_last_bin()
    {
        // Peak (0, 10), last bin (5, 1): distance ∝ |−9·i − 5·(h[i] − 10)| = 11, 12, 8, 4 for i = 1..4: bin 2.
        Assert.Equal(2, Thresholds.TriangleBin([10, 6, 4, 3, 2, 1]));
        // The peak need not be first; trailing empty bins are not the tail. Peak (1, 8), last bin (4, 1):
        // |−7·(i − 1) − 3·(h[i] − 8)| = 11, 7 for i = 2, 3: bin 2.
        Assert.Equal(2, Thresholds.TriangleBin([2, 8, 2, 1, 1, 0, 0]));
        // No tail to speak of (the last non-empty bin is next to the peak): the peak.
        Assert.Equal(1, Thresholds.TriangleBin([1, 9, 3, 0]));
    }

    [Fact]
    public void Triangle_of_an_image_is_the_centre_of_its_bin()
    {
        // Values 0..5 with counts 10, 6, 4, 3, 2, 1 (an integer image: one bin per value): bin 2, value 2.
        var values = new List<double>();
        int[] counts = [10, 6, 4, 3, 2, 1];
        for (int v = 0; v < counts.Length; v++) values.AddRange(Enumerable.Repeat((double)v, counts[v]));
        using var img = Image(MatType.CV_16UC1, values.ToArray());
        Assert.Equal(2, Thresholds.Triangle(img));
    }

    [Fact]
    public void The_median_bin_is_where_half_the_pixels_are_reached()
    {
        Assert.Equal(1, Thresholds.MedianBin([2, 2, 4]));
        Assert.Equal(2, Thresholds.MedianBin([1, 2, 4]));
        Assert.Equal(0, Thresholds.MedianBin([0, 0, 0]));
    }

    private static Mat Image(MatType type, double[] values)
    {
        using var d = Mat.FromPixelData(1, values.Length, MatType.CV_64FC1, values);
        var m = new Mat();
        d.ConvertTo(m, type);
        return m.Reshape(1, values.Length % 4 == 0 ? 4 : 1).Clone();
    }
}
