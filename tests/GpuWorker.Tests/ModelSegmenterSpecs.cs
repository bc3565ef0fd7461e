using Akka.TestKit.Xunit2;
using CellActors.Imaging;
using CellActors.Inference;
using CellActors.Messages;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.GpuWorker.Tests;

/// <summary>ONNX segmenters in the pipeline and in detectors (a tiny generated convolution model: segments bright blobs).</summary>
public sealed class ModelSegmenterSpecs : TestKit
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cellactors-model-specs", Guid.NewGuid().ToString("N"));

    private string Model(string name = "model", int kernel = 5) => OnnxTestModels.Write(Path.Combine(_dir, name), kernel: kernel);

    private List<FrameRef> Frames(int n, int seed = 4)
    {
        var s = SyntheticTimeLapse.Generate(Path.Combine(_dir, "data"), new SynthOptions(Frames: n, Height: 150, Width: 170, InitialCells: 8, Seed: seed));
        return Enumerable.Range(0, n)
            .Select(t => new FrameRef(t, "Synth", "01", t, 0, Path.Combine(s.SequencePath, $"t{t:D3}.tif"), 0, $"Synth/01/t{t:D4}"))
            .ToList();
    }

    [Fact]
    public void An_onnx_segmenter_in_the_pipeline_finds_the_synthetic_nuclei_in_the_raw_frame()
    {
        using var pipeline = new FramePipeline(new PipelineSettings("median:3", "onnx:" + Model()));
        Assert.IsType<ModelFrameSegmenter>(pipeline.Segmenter);
        Assert.False(pipeline.Segmenter.WantsDenoised);
        Assert.Equal("onnx:test-conv", pipeline.Segmenter.Name);
        Assert.Null(pipeline.ClassicalOptions);
        foreach (var f in Frames(2))
        {
            var (frame, failure) = pipeline.Process(f);
            Assert.Null(failure);
            Assert.Equal((150, 170), (frame!.Height, frame.Width));
            Assert.InRange(frame.Objects.Count, 4, 20);
        }
    }

    [Fact]
    public void The_default_segmenter_is_the_shipped_cell_model_and_classical_presets_are_explicit_choices()
    {
        using (var pipeline = new FramePipeline(new PipelineSettings("median:3", "auto")))
        {
            var model = Assert.IsType<ModelFrameSegmenter>(pipeline.Segmenter);
            Assert.Equal("auto (unet-cells)", model.Name);
            Assert.False(model.WantsDenoised);
            Assert.Equal(InputPolarity.Auto, model.Session.Model.Polarity);
            Assert.StartsWith(";model-sha256=", SegmenterSetting.Fingerprint("auto"));
        }
        using (var pipeline = new FramePipeline(new PipelineSettings("median:3", "default")))
        {
            Assert.Equal("classical default", Assert.IsType<ClassicalFrameSegmenter>(pipeline.Segmenter).Name);
            Assert.True(pipeline.Segmenter.WantsDenoised);
            Assert.Equal(SegmentationOptions.Default, pipeline.ClassicalOptions);
            Assert.Equal("", SegmenterSetting.Fingerprint("default"));
        }
        Assert.Throws<ArgumentException>(() => new FramePipeline(new PipelineSettings("median:3", "sim,tta=flips")));
        Assert.Throws<ArgumentException>(() => new FramePipeline(new PipelineSettings("median:3", "no-such-preset")));
    }

    [Fact]
    public void A_detectors_sessions_are_created_once_per_model_and_disposed_with_it()
    {
        var model = ModelDescriptions.Load(Model());
        var sessions = new DetectorSessions(InferenceDevice.Cpu, intraOpThreads: 1);
        var first = sessions.For(model);
        using (new FramePipeline(new PipelineSettings("none", "onnx:" + model.DescriptionPath), sessions))
        using (new FramePipeline(new PipelineSettings("median:3", "onnx:" + model.DescriptionPath), sessions))
            Assert.Same(first, sessions.For(model));
        Assert.Equal(1, sessions.Created);
        sessions.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Predict(new float[16], 4, 4));
    }

    [Fact]
    public void A_detector_reports_its_provider_and_segments_batches_with_its_model()
    {
        var coordinator = CreateTestProbe();
        var decoders = CreateTestProbe();
        var detector = Sys.ActorOf(DetectorActor.Props(coordinator.Ref, decoders.Ref, slots: 1, intraOpThreads: 1));
        Assert.Equal("cpu", coordinator.ExpectMsg<RequestWork>().Provider);
        var settings = new PipelineSettings("median:3", "onnx:" + Model());
        var frames = Frames(3);
        coordinator.Send(detector, new ProcessBatch("j", 1, 0, settings, frames.Take(2).ToList()));
        var a = decoders.ExpectMsg<DecodeBatch>(TimeSpan.FromSeconds(60));
        Assert.Equal("cpu", coordinator.ExpectMsg<RequestWork>().Provider);
        coordinator.Send(detector, new ProcessBatch("j", 1, 1, settings, frames.Skip(2).ToList()));
        var b = decoders.ExpectMsg<DecodeBatch>(TimeSpan.FromSeconds(60));
        Assert.Equal(3, a.Frames.Count + b.Frames.Count);
        Assert.All(a.Frames.Concat(b.Frames), f => Assert.True(f.Objects.Count > 0));
        Assert.Empty(a.Failures);
    }

    [Fact]
    public void A_gpu_detector_on_a_cpu_only_build_fails_its_batch_naming_the_missing_provider()
    {
        if (OnnxRuntimeInfo.HasCudaProvider) return;
        var coordinator = CreateTestProbe();
        var detector = Sys.ActorOf(DetectorActor.Props(coordinator.Ref, CreateTestProbe().Ref, slots: 1, device: InferenceDevice.Cuda(0)));
        Assert.Equal("cuda:0", coordinator.ExpectMsg<RequestWork>().Provider);
        coordinator.Send(detector, new ProcessBatch("j", 1, 0, new PipelineSettings("none", "onnx:" + Model()), Frames(1)));
        var failed = coordinator.ExpectMsg<BatchFailed>(TimeSpan.FromSeconds(30));
        Assert.Contains("-p:OnnxGpu=true", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fingerprint_of_a_model_setting_changes_with_the_model_file()
    {
        var dir = Model("fp");
        var before = SegmenterSetting.Fingerprint("onnx:" + dir);
        Assert.StartsWith(";model-sha256=", before, StringComparison.Ordinal);
        Assert.Equal(before, SegmenterSetting.Fingerprint("onnx:" + dir));
        OnnxTestModels.Write(dir, kernel: 3);
        Assert.NotEqual(before, SegmenterSetting.Fingerprint("onnx:" + dir));
    }

    [Fact]
    public void Validation_names_the_bad_description()
    {
        var dir = Model("bad");
        File.WriteAllText(Path.Combine(dir, "model.json"), "{ \"format\": \"cellactors-model/1\" }");
        var e = Assert.Throws<ModelDescriptionException>(() => FramePipeline.Validate(new PipelineSettings("none", "onnx:" + dir)));
        Assert.Contains(Path.Combine(dir, "model.json"), e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FramePipeline.Validate(new PipelineSettings("none", "onnx:")));
        Assert.Throws<ArgumentException>(() => FramePipeline.Validate(new PipelineSettings("none", "nonsense-preset")));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
