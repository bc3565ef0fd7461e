using CellActors.Inference;

namespace CellActors.GpuWorker;

/// <summary>
/// A detector's ONNX sessions: one per model and test-time augmentation, created on first use on the detector's device and kept for the
/// detector's life (a job's batches reuse it), disposed when the detector stops.
/// </summary>
public sealed class DetectorSessions(InferenceDevice device, int intraOpThreads = 0) : IDisposable
{
    private readonly Dictionary<string, OnnxSegmenter> _byModel = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The device every session runs on.</summary>
    public InferenceDevice Device => device;

    /// <summary>Sessions created so far.</summary>
    public int Created { get; private set; }

    /// <summary>The session of <paramref name="model"/> with <paramref name="augmentation"/>, created once.</summary>
    public OnnxSegmenter For(ModelDescription model, TestTimeAugmentation augmentation = TestTimeAugmentation.None)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The whole description: two jobs may tune one model's thresholds or tiling differently.
        var key = model + "|" + augmentation.Name();
        if (!_byModel.TryGetValue(key, out var s))
        {
            s = new OnnxSegmenter(model, new OnnxSegmenterOptions(device, intraOpThreads, Augmentation: augmentation));
            _byModel[key] = s;
            Created++;
        }
        return s;
    }

    /// <summary>Disposes every session.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _byModel.Values) s.Dispose();
        _byModel.Clear();
    }
}
