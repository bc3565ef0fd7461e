namespace CellActors.Messages.Tests;

/// <summary>
/// One representative, fully populated instance of every persisted type (every member set, optional ones included,
/// to values other than their defaults): what the golden payloads under <c>Golden/</c> were written from and must
/// read back as. Change an instance only together with its golden files, and never to hide a format change.
/// </summary>
public static class GoldenSamples
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);

    private static readonly PipelineSettings Settings = new("median:3", "onnx:/models/unet-cells", "GFP", 0.325, 30);

    private static readonly string Fingerprint =
        "source=/data/Fluo-N2DH-SIM+;batch=8;denoise=median:3;segmentation=onnx:/models/unet-cells;pipeline=v1;reading=v2;channel=gfp";

    /// <summary>The samples, in manifest order of their types' names.</summary>
    public static IReadOnlyList<IPersisted> All { get; } =
    [
        new BatchBisected(-50331651, 3, "worker akka.tcp://cellactors@w1:40001/user/detector-0#1850335835 is gone"),
        new BatchCompleted(12, 8, 400, 1),
        new BatchLeased(12, "akka.tcp://cellactors@w1:40001/user/detector-0#1850335835", At),
        new BatchReleased(12, "worker akka.tcp://cellactors@w1:40001 lost"),
        new JobCancelled("Fluo-N2DH-SIM+", At.AddMinutes(5)),
        new JobCompleted("Fluo-N2DH-SIM+", At.AddHours(1)),
        new JobFinished("Fluo-N2DH-SIM+", At.AddHours(1).AddSeconds(1)),
        new JobPaused("Fluo-N2DH-SIM+", At.AddMinutes(3)),
        new JobResumed("Fluo-N2DH-SIM+", At.AddMinutes(4)),
        new JobSnapshot("Fluo-N2DH-SIM+", "/data/Fluo-N2DH-SIM+", Settings, Fingerprint, 100_000, 8, [0b1011_0111, 0xFF, 0x01], 80_000, 3, true),
        new JobSnapshotV2("Fluo-N2DH-SIM+", "/data/Fluo-N2DH-SIM+", Settings, Fingerprint, 100_000, 8, [0b1011_0111, 0xFF, 0x01], 80_000, 3, false,
            [7, 12, -50331651], [1, 3, 2], [-50331651, -50331650]),
        new JobStarted("Fluo-N2DH-SIM+", "/data/Fluo-N2DH-SIM+", Settings, Fingerprint, 100_000, 8, At),
        new JobSubmitted(new StartJob("Fluo-N2DH-SIM+", "/data/Fluo-N2DH-SIM+", Settings, 8, Fingerprint), At),
        new RunStarted("Fluo-N2DH-SIM+", 3, At.AddSeconds(1)),
    ];
}
