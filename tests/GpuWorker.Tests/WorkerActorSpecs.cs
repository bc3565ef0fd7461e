using Akka.TestKit.Xunit2;
using CellActors.Imaging;
using CellActors.Messages;
using CellActors.Results;
using OpenCvSharp;
using Xunit;

namespace CellActors.GpuWorker.Tests;

/// <summary>Detector and decoder actors with Akka.TestKit probes standing for the coordinator.</summary>
public sealed class WorkerActorSpecs : TestKit
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cellactors-worker-specs", Guid.NewGuid().ToString("N"));
    private static readonly PipelineSettings Settings = new("median:3", "default");

    private List<FrameRef> Frames(int n)
    {
        var s = SyntheticTimeLapse.Generate(_dir, new SynthOptions(Frames: n, Height: 128, Width: 128, InitialCells: 6, Seed: 2));
        return Enumerable.Range(0, n)
            .Select(t => new FrameRef(t, "Synth", "01", t, 0, Path.Combine(s.SequencePath, $"t{t:D3}.tif"), 0, $"Synth/01/t{t:D4}"))
            .ToList();
    }

    [Fact]
    public void A_detector_asks_for_work_processes_a_batch_and_hands_it_to_the_decoders_on_behalf_of_the_coordinator()
    {
        var coordinator = CreateTestProbe();
        var decoders = CreateTestProbe();
        var detector = Sys.ActorOf(DetectorActor.Props(coordinator.Ref, decoders.Ref, slots: 2));
        Assert.Equal(2, coordinator.ExpectMsg<RequestWork>().Slots);

        var frames = Frames(3);
        var missing = new FrameRef(3, "Synth", "01", 3, 0, Path.Combine(_dir, "missing.tif"), 0, "Synth/01/t0003");
        coordinator.Send(detector, new ProcessBatch("j", 1, 7, Settings, [.. frames, missing]));

        var decode = decoders.ExpectMsg<DecodeBatch>(TimeSpan.FromSeconds(30));
        Assert.Equal(coordinator.Ref, decoders.LastSender);
        Assert.Equal(7, decode.BatchId);
        Assert.Equal(3, decode.Frames.Count);
        Assert.All(decode.Frames, f => Assert.True(f.Objects.Count > 0));
        Assert.All(decode.Frames, f => Assert.Equal((128, 128), (f.Height, f.Width)));
        var failure = Assert.Single(decode.Failures);
        Assert.Equal("read", failure.Stage);
        Assert.Contains("missing.tif", failure.Message);
        Assert.Equal(1, coordinator.ExpectMsg<RequestWork>().Slots);
    }

    [Fact]
    public void A_decoder_commits_a_batch_once_and_answers_every_delivery()
    {
        var frames = Frames(2);
        var pipeline = new FramePipeline(Settings);
        var segmented = frames.Select(f => pipeline.Process(f).Frame!).ToList();
        using var store = ResultStore.OpenSqlite(Path.Combine(_dir, "cellactors.db"));
        store.CreateJob("j", _dir, "fp", 2, frames, []);
        var run = store.StartRun("j");
        var decoder = Sys.ActorOf(DecoderActor.Props(store));
        var batch = new DecodeBatch("j", run, 0, segmented, []);

        decoder.Tell(batch, TestActor);
        var committed = ExpectMsg<BatchRowsCommitted>(TimeSpan.FromSeconds(30));
        Assert.Equal(2, committed.Frames);
        Assert.Equal(segmented.Sum(s => s.Objects.Count), committed.Objects);
        decoder.Tell(batch, TestActor); // at-least-once delivery
        ExpectMsg<BatchRowsCommitted>(TimeSpan.FromSeconds(30));
        Assert.Equal(2, store.CountFrames("j"));
        Assert.Equal(2, store.Runs("j").Single().FramesProcessed);
    }

    [Fact]
    public void Decoded_rows_agree_with_the_detectors_counts_and_a_corrupt_mask_is_refused()
    {
        var f = Frames(1)[0];
        var s = new FramePipeline(Settings).Process(f).Frame!;
        var (frame, objects) = FrameDecoder.ToRows(s);
        Assert.Equal(s.Objects.Count, frame.CellCount);
        Assert.Equal(objects.Sum(o => o.Area), frame.CellArea);
        Assert.Equal(128 * 128, frame.TotalArea);
        Assert.All(objects, o => Assert.InRange(o.IntensityMean, o.IntensityMin, o.IntensityMax));

        using var raw = Cv2.ImRead(f.Uri, ImreadModes.Unchanged);
        var first = objects[0];
        var pixels = Rle.DecodeAll([first.Rle], 128, 128).Labels;
        double sum = 0;
        for (var i = 0; i < pixels.Length; i++)
            if (pixels[i] == 1) sum += raw.At<ushort>(i / 128, i % 128);
        Assert.Equal(sum, first.IntensitySum);

        var corrupt = s with { Objects = [s.Objects[0] with { PixelCount = s.Objects[0].PixelCount + 1 }] };
        Assert.Throws<InvalidDataException>(() => FrameDecoder.ToRows(corrupt));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
