using CellActors.Inference;
using CellActors.Results;

namespace CellActors.Hosting;

/// <summary>The worker side of a process: its detectors and decoders (see <see cref="CellActorsHosting.WithCellActorsWorkers{TCoordinator}"/>).</summary>
/// <param name="Devices">One detector per entry, pinned to that device (the CPU or a CUDA device id).</param>
/// <param name="Decoders">Decoder actors in this process; 0: segmented batches go to the cluster's decoder nodes.</param>
/// <param name="Store">The results database the decoders write; required when <paramref name="Decoders"/> &gt; 0.</param>
/// <param name="Slots">Batches one detector holds at most.</param>
/// <param name="MinBatchTime">Pacing: each batch takes at least this long (fault drills, demos); zero: full speed.</param>
public sealed record WorkerActorsOptions(IReadOnlyList<InferenceDevice> Devices, int Decoders, ResultStore? Store, int Slots = 2, TimeSpan MinBatchTime = default)
{
    /// <summary>ONNX Runtime threads of each CPU detector's sessions: the cores shared among the CPU detectors (GPU detectors take one).</summary>
    public int ThreadsOf(InferenceDevice device) =>
        device.IsGpu ? 1 : Math.Max(1, Environment.ProcessorCount / Math.Max(1, Devices.Count(d => !d.IsGpu)));
}
