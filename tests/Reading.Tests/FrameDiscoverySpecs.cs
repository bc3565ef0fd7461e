using CellActors.Imaging;
using CellActors.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellActors.Reading.Tests;

public sealed class FrameDiscoverySpecs : IDisposable
{
    private readonly TempDir _tmp = new("discovery");

    public void Dispose() => _tmp.Dispose();

    private void Image(string relative, int pages = 1, string? description = null)
    {
        string path = _tmp.File(relative);
        if (relative.EndsWith(".png", StringComparison.Ordinal))
        {
            using var m = new Mat(6, 7, MatType.CV_16UC1, new Scalar(300));
            Cv2.ImWrite(path, m);
            return;
        }
        var list = Enumerable.Range(0, pages)
            .Select(i => { using var m = new Mat(6, 7, MatType.CV_16UC1, new Scalar(i)); return TestTiff.FromMat(m, i == 0 ? description : null); })
            .ToArray();
        TestTiff.Write(path, list);
    }

    private static List<FrameLocation> Frames(string source) =>
        FrameDiscovery.Discover(source).Select(d => d.Frame ?? throw new Xunit.Sdk.XunitException($"unexpected issue: {d.Issue}")).ToList();

    private string MakeCtcDataset(string name)
    {
        foreach (string f in new[] { "01/t002.tif", "01/t000.tif", "01/t001.tif", "02/t000.tif",
                     "01_GT/SEG/man_seg000.tif", "01_GT/TRA/man_track000.tif", "01_ST/SEG/man_seg000.tif", "01_RES/mask000.tif" })
            Image($"{name}/{f}");
        File.WriteAllText(_tmp.File($"{name}/01_GT/TRA/man_track.txt"), "1 0 2 0\n");
        File.WriteAllText(_tmp.File($"{name}/README.txt"), "readme");
        File.WriteAllText(_tmp.File($"{name}/01/log.txt"), "log");
        return Path.Combine(_tmp.Path, name);
    }

    [Fact]
    public void Ctc_dataset_yields_sequence_frames_in_order_and_never_ground_truth()
    {
        string ds = MakeCtcDataset("Fluo-Test+");

        var frames = Frames(ds);

        Assert.Equal(["Fluo-Test+/01/t0000", "Fluo-Test+/01/t0001", "Fluo-Test+/01/t0002", "Fluo-Test+/02/t0000"], frames.Select(f => f.ImageId));
        Assert.All(frames, f => Assert.Equal("Fluo-Test+", f.Dataset));
        Assert.Equal(["01", "01", "01", "02"], frames.Select(f => f.Sequence));
        Assert.Equal([0, 1, 2, 0], frames.Select(f => f.T));
        Assert.All(frames, f => Assert.Equal(0, f.Z));
        Assert.All(frames, f => Assert.Equal(0, f.Page));
        Assert.All(frames, f => Assert.DoesNotContain("_GT", f.Uri));
        Assert.All(frames, f => Assert.DoesNotContain("_ST", f.Uri));
        Assert.All(frames, f => Assert.DoesNotContain("_RES", f.Uri));
        Assert.Equal(Path.Combine(ds, "01", "t001.tif"), frames[1].Uri);
    }

    [Fact]
    public void Discovery_is_stable_across_runs()
    {
        string ds = MakeCtcDataset("Stable");
        Assert.Equal(Frames(ds), Frames(ds));
    }

    [Fact]
    public void Sequence_folder_takes_the_parent_as_dataset_and_orders_by_time()
    {
        Image("DS/01/t0999.tif");
        Image("DS/01/t1000.tif");
        Image("DS/01/t0012.tif");

        var frames = Frames(Path.Combine(_tmp.Path, "DS", "01"));

        Assert.Equal([12, 999, 1000], frames.Select(f => f.T));
        Assert.Equal(["DS/01/t0012", "DS/01/t0999", "DS/01/t1000"], frames.Select(f => f.ImageId));
        Assert.All(frames, f => Assert.Equal("DS", f.Dataset));
    }

    [Fact]
    public void Multi_page_files_in_a_ctc_sequence_are_z_stacks()
    {
        Image("Fluo-3D/01/t000.tif", pages: 3);
        Image("Fluo-3D/01/t001.tif", pages: 3);

        var frames = Frames(Path.Combine(_tmp.Path, "Fluo-3D"));

        Assert.Equal(6, frames.Count);
        Assert.Equal([0, 0, 0, 1, 1, 1], frames.Select(f => f.T));
        Assert.Equal([0, 1, 2, 0, 1, 2], frames.Select(f => f.Z));
        Assert.Equal([0, 1, 2, 0, 1, 2], frames.Select(f => f.Page));
        Assert.Equal("Fluo-3D/01/t0001/z0002", frames[5].ImageId);
    }

    [Fact]
    public void Image_ids_are_unique_across_datasets()
    {
        MakeCtcDataset("Root/DS-A");
        MakeCtcDataset("Root/DS-B");
        Image("Root/loose/01.tif");

        var all = Frames(Path.Combine(_tmp.Path, "Root"));
        var separate = Frames(Path.Combine(_tmp.Path, "Root", "DS-A")).Concat(Frames(Path.Combine(_tmp.Path, "Root", "DS-B"))).ToList();

        Assert.Equal(9, all.Count);
        Assert.Equal(all.Count, all.Select(f => f.ImageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(separate.Count, separate.Select(f => f.ImageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(all, f => f.ImageId == "DS-A/01/t0000" && f.Dataset == "DS-A");
        Assert.Contains(all, f => f.ImageId == "DS-B/01/t0000" && f.Dataset == "DS-B");
        Assert.Contains(all, f => f.ImageId == "Root/loose/01" && f.Dataset == "Root" && f.Sequence == "loose");
    }

    [Fact]
    public void Loose_folder_yields_images_recursively_and_skips_ground_truth_and_other_files()
    {
        Image("plate/b.tif");
        Image("plate/a.png");
        Image("plate/c.TIFF");
        Image("plate/well 2/x.tif");
        Image("plate/well 2/masks/x_mask.png");
        Image("plate/run_GT/gt.tif");
        Image("plate/.cache/hidden.tif");
        File.WriteAllText(_tmp.File("plate/notes.txt"), "not an image");

        var frames = Frames(Path.Combine(_tmp.Path, "plate"));

        Assert.Equal(["plate/a", "plate/b", "plate/c", "plate/well 2/x"], frames.Select(f => f.ImageId));
        Assert.Equal(["", "", "", "well 2"], frames.Select(f => f.Sequence));
        Assert.Equal([0, 1, 2, 0], frames.Select(f => f.T));
        Assert.All(frames, f => Assert.Equal("plate", f.Dataset));
    }

    [Fact]
    public void Loose_multi_page_tiff_pages_are_time_points_unless_imagej_says_slices_or_frames()
    {
        Image("loose/movie.tif", pages: 3);
        Image("loose/stack.tif", pages: 2, description: "ImageJ=1.54f\nimages=2\nslices=2\nunit=micron\n");
        Image("loose/hyper.tif", pages: 4, description: "ImageJ=1.54f\nimages=4\nslices=2\nframes=2\n");

        var frames = Frames(Path.Combine(_tmp.Path, "loose"));

        var movie = frames.Where(f => f.Uri.EndsWith("movie.tif", StringComparison.Ordinal)).ToList();
        Assert.Equal([0, 1, 2], movie.Select(f => f.T));
        Assert.All(movie, f => Assert.Equal(0, f.Z));
        Assert.Equal(["loose/movie/p0000", "loose/movie/p0001", "loose/movie/p0002"], movie.Select(f => f.ImageId));

        var stack = frames.Where(f => f.Uri.EndsWith("stack.tif", StringComparison.Ordinal)).ToList();
        Assert.Equal([0, 1], stack.Select(f => f.Z));
        Assert.Equal([0, 1], stack.Select(f => f.Page));
        Assert.All(stack, f => Assert.Equal(2, f.T)); // index of stack.tif among hyper, movie, stack

        // slices=2 frames=2: two time points of two slices (ImageJ's CZT order), never four time points.
        var hyper = frames.Where(f => f.Uri.EndsWith("hyper.tif", StringComparison.Ordinal)).ToList();
        Assert.Equal([(0, 0), (0, 1), (1, 0), (1, 1)], hyper.Select(f => (f.T, f.Z)));
        Assert.Equal([0, 1, 2, 3], hyper.Select(f => f.Page));
    }

    [Fact]
    public void Single_file_sources()
    {
        Image("DS/01/t005.tif");
        Image("misc/one.tif");
        string txt = _tmp.File("misc/readme.txt");
        File.WriteAllText(txt, "hello");

        var ctc = Assert.Single(Frames(Path.Combine(_tmp.Path, "DS", "01", "t005.tif")));
        Assert.Equal(new FrameLocation("DS", "01", 5, 0, Path.Combine(_tmp.Path, "DS", "01", "t005.tif"), 0, "DS/01/t0005"), ctc);

        var loose = Assert.Single(Frames(Path.Combine(_tmp.Path, "misc", "one.tif")));
        Assert.Equal("misc/one", loose.ImageId);
        Assert.Equal("misc", loose.Dataset);

        var issue = Assert.Single(FrameDiscovery.Discover(txt)).Issue;
        Assert.NotNull(issue);
        Assert.Equal("not_an_image", issue.ErrorType);
        Assert.Contains("readme.txt", issue.Message);
    }

    [Fact]
    public void Broken_tiffs_become_issues_and_discovery_goes_on()
    {
        Image("DS/01/t000.tif");
        File.WriteAllBytes(_tmp.File("DS/01/t001.tif"), []);
        File.WriteAllText(_tmp.File("DS/01/t002.tif"), "plain text");
        Image("DS/01/t003.tif");
        byte[] real = File.ReadAllBytes(Path.Combine(_tmp.Path, "DS/01/t000.tif"));
        File.WriteAllBytes(_tmp.File("DS/01/t004.tif"), real[..(real.Length - 20)]);
        File.WriteAllBytes(_tmp.File("DS/01/t005.tif"), real[..6]);
        Image("DS/01/t006.tif");

        var results = FrameDiscovery.Discover(Path.Combine(_tmp.Path, "DS")).ToList();

        Assert.Equal([0, 3, 6], results.Where(r => r.Frame is not null).Select(r => r.Frame!.T));
        var issues = results.Where(r => r.Issue is not null).Select(r => r.Issue!).ToList();
        Assert.Equal(["empty_file", "not_an_image", "truncated", "truncated"], issues.Select(i => i.ErrorType));
        Assert.Equal(["t001.tif", "t002.tif", "t004.tif", "t005.tif"], issues.Select(i => Path.GetFileName(i.Uri)));
        Assert.All(issues, i => Assert.Contains(Path.GetFileName(i.Uri), i.Message));
        Assert.All(results, r => Assert.True(r.Frame is null ^ r.Issue is null));
    }

    [Fact]
    public void Missing_source_throws_at_call_time()
    {
        string missing = Path.Combine(_tmp.Path, "nope");
        var ex = Assert.Throws<SourceNotFoundException>(() => FrameDiscovery.Discover(missing));
        Assert.Equal(missing, ex.Path);
    }

    private const string SimDataset = "ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+";

    [SharedDataFact(SimDataset)]
    public void Discovers_the_shared_simulated_ctc_dataset()
    {
        string ds = SharedData.Require(SimDataset);
        var results = FrameDiscovery.Discover(ds).ToList();

        Assert.All(results, r => Assert.Null(r.Issue));
        var frames = results.Select(r => r.Frame!).ToList();
        Assert.Equal(65, frames.Count);
        Assert.All(frames, f => Assert.Equal("01", f.Sequence));
        Assert.All(frames, f => Assert.Equal("Fluo-N2DH-SIM+", f.Dataset));
        Assert.All(frames, f => Assert.DoesNotContain("01_GT", f.Uri));
        Assert.Equal(Enumerable.Range(0, 65), frames.Select(f => f.T));
        Assert.Equal("Fluo-N2DH-SIM+/01/t0000", frames[0].ImageId);

        using var first = FrameReader.Read(frames[0]);
        Assert.Equal(MatType.CV_16UC1, first.Type());
        Assert.Equal((690, 628), (first.Rows, first.Cols));
    }

    private const string DsbSubset = "dsb2018-stage1-train-subset/stage1_train";

    [SharedDataFact(DsbSubset)]
    public void Dsb_subset_discovers_one_image_per_sample_and_no_masks_and_reads_grey_ones()
    {
        var results = FrameDiscovery.Discover(SharedData.Require(DsbSubset)).ToList();

        Assert.All(results, r => Assert.Null(r.Issue));
        var frames = results.Select(r => r.Frame!).ToList();
        Assert.Equal(79, frames.Count);
        Assert.All(frames, f => Assert.DoesNotContain("/masks/", f.Uri));
        Assert.All(frames, f => Assert.EndsWith("/images", f.Sequence));
        Assert.Equal(79, frames.Select(f => f.ImageId).Distinct(StringComparer.Ordinal).Count());

        int grey = 0, colour = 0;
        foreach (var f in frames)
        {
            using var page = FrameReader.ReadChannels(f.Uri, f.Page);
            Assert.All(page.Channels, c => Assert.Equal(MatType.CV_8UC1, c.Type()));
            if (page.IsColour) colour++;
            else grey++;
        }
        Assert.True(grey >= 60, $"{grey} grey, {colour} colour");
        Assert.Equal(79, grey + colour);
    }
}
