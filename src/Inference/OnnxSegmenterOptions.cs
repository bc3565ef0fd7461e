namespace CellActors.Inference;

/// <summary>Settings of an <see cref="OnnxSegmenter"/>.</summary>
/// <param name="Device">CPU or a CUDA device.</param>
/// <param name="IntraOpThreads">CPU threads of the session (0: ONNX Runtime's default, one per core).</param>
/// <param name="BatchSize">Tiles per run (0: 2 on the CPU, 16 on a GPU; 1 where the model's batch axis is fixed at 1).</param>
/// <param name="Tile">Tile side overriding the description's (0: the description's); ignored by fixed-size models.</param>
/// <param name="Overlap">Context per inner tile edge overriding the description's (-1: the description's).</param>
/// <param name="Augmentation">Test-time augmentation: each pass of the model averaged over flips (and turns).</param>
public sealed record OnnxSegmenterOptions(InferenceDevice Device = default, int IntraOpThreads = 0, int BatchSize = 0, int Tile = 0, int Overlap = -1,
    TestTimeAugmentation Augmentation = TestTimeAugmentation.None);
