using CellActors.Messages;

namespace CellActors.GpuWorker;

/// <summary>
/// Test only: a fault that kills the detector's process when it reaches a given frame, as a frame that crashes native
/// code would. Set <c>CELLACTORS_TEST_CRASH_ON</c> to a file name (<c>t007.tif</c>) and every process that processes
/// that file's frames ends there with <see cref="Environment.FailFast(string)"/>: no report, no cleanup. Unset (always
/// in production) it does nothing. The poison-frame specs use it to prove that such a frame ends as one <c>errors</c>
/// row while every other frame is processed.
/// </summary>
public static class TestFaultTrigger
{
    /// <summary>The environment variable naming the file whose frames crash their process.</summary>
    public const string Variable = "CELLACTORS_TEST_CRASH_ON";

    private static readonly string? CrashOn = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    /// <summary>Kills the process when <paramref name="frame"/> is in the file <see cref="Variable"/> names.</summary>
    public static void CrashIfAsked(FrameRef frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (CrashOn is null) return;
        var name = frame.Uri.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        if (string.Equals(name, CrashOn, StringComparison.Ordinal))
            Environment.FailFast($"{Variable}={CrashOn}: test fault trigger reached {frame.Uri} (page {frame.Page})");
    }
}
