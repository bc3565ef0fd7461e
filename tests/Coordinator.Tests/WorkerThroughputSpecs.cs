using Xunit;

namespace CellActors.Coordinator.Tests;

/// <summary>Per-worker recent throughput for the live view: frames committed over a sliding window.</summary>
public sealed class WorkerThroughputSpecs
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_new_worker_is_measured_from_when_it_was_first_seen()
    {
        var t = new WorkerThroughput(TimeSpan.FromSeconds(30));
        t.Seen("w", T0);
        t.Committed("w", 8, T0.AddSeconds(2));
        t.Committed("w", 8, T0.AddSeconds(4));
        Assert.Equal(4.0, t.FramesPerSecond("w", T0.AddSeconds(4)));
        Assert.Equal(0, t.FramesPerSecond("other", T0.AddSeconds(4)));
    }

    [Fact]
    public void Commits_older_than_the_window_no_longer_count_and_a_forgotten_worker_reads_zero()
    {
        var t = new WorkerThroughput(TimeSpan.FromSeconds(10));
        t.Seen("w", T0);
        t.Committed("w", 20, T0.AddSeconds(1));
        t.Committed("w", 10, T0.AddSeconds(15));
        Assert.Equal(1.0, t.FramesPerSecond("w", T0.AddSeconds(20)));
        Assert.Equal(0, t.FramesPerSecond("w", T0.AddSeconds(60)));
        t.Committed("w", 10, T0.AddSeconds(61));
        t.Forget("w");
        Assert.Equal(0, t.FramesPerSecond("w", T0.AddSeconds(62)));
    }
}
