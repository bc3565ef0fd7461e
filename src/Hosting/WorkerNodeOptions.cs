using CellActors.Cluster;

namespace CellActors.Hosting;

/// <summary>Settings of a worker node (<c>cellactors worker</c>).</summary>
/// <param name="Node">Cluster membership (seeds, port, host names); roles are set from the actor counts.</param>
/// <param name="Database">Results database (<c>--db</c>), written by this node's decoders; required when <paramref name="Decoders"/> &gt; 0.</param>
/// <param name="Detectors">Detector actors on this node (0: a decoder-only node).</param>
/// <param name="Decoders">Decoder actors on this node (0: detectors send to decoders on other nodes).</param>
/// <param name="Slots">Batches one detector holds at most (the one it works on and those queued behind it).</param>
/// <param name="MinBatchTime">Pacing: each batch takes at least this long on this node (fault drills, demos); zero: full speed.</param>
/// <param name="Gpus">GPU ids such as <c>0,1</c>: one detector pinned to each (CUDA), in place of <paramref name="Detectors"/> CPU detectors.</param>
public sealed record WorkerNodeOptions(ClusterNodeOptions Node, string? Database, int Detectors, int Decoders, int Slots = 2, TimeSpan MinBatchTime = default, string? Gpus = null)
{
    /// <summary>The device of each detector: the listed GPUs, or <see cref="Detectors"/> CPU detectors.</summary>
    public IReadOnlyList<Inference.InferenceDevice> Devices => Gpus is { } g
        ? Inference.InferenceDevice.ParseGpuList(g)
        : Enumerable.Repeat(Inference.InferenceDevice.Cpu, Math.Max(0, Detectors)).ToList();

    /// <summary>The management endpoint (<c>--management</c>: health probes, metrics); null: none.</summary>
    public ManagementOptions? Management { get; init; }

    /// <summary>The node name log lines carry, renamed to the node's cluster address once it is known; null: not tracked.</summary>
    public LogNode? LogNode { get; init; }

    /// <summary>The node's roles: worker, plus detector and/or decoder.</summary>
    public IReadOnlyList<string> Roles =>
    [
        CellActorsCluster.Roles.Worker,
        .. Devices.Count > 0 ? new[] { CellActorsCluster.Roles.Detector } : [],
        .. Decoders > 0 ? new[] { CellActorsCluster.Roles.Decoder } : [],
    ];
}
