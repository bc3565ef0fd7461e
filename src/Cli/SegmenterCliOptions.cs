using System.CommandLine;
using CellActors.GpuWorker;
using CellActors.Inference;

namespace CellActors.Cli;

/// <summary>The segmentation options shared by <c>run</c>, <c>submit</c> and <c>config show</c>: <c>--segmenter</c> and <c>--tta</c>, composed with a pipeline file's values by <see cref="PipelineConfig.Resolve"/>.</summary>
internal sealed class SegmenterCliOptions
{
    public Option<string> Segmenter { get; } = new("--segmenter", "--segmentation")
    {
        Description = "auto (default: the shipped unet-cells model; polarity and scale chosen from each frame's pixels) | unet (shipped nucleus model) "
            + "| onnx:PATH (model.json, bioimageio.yaml, a folder holding one, or a .onnx beside one; the same path on every worker) "
            + "| a classical preset, fast and fixed: default | sim | gowt1 | msc | dsb",
        DefaultValueFactory = _ => SegmenterSetting.Auto,
    };

    public Option<string> Tta { get; } = new("--tta")
    {
        Description = "Test-time augmentation of a model: none | flips (4 passes) | flips+turns (8 passes); probabilities averaged",
        DefaultValueFactory = _ => "none",
    };

    public IEnumerable<Option> All => [Segmenter, Tta];
}
