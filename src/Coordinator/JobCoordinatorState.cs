using System.Collections;
using CellActors.Messages;

namespace CellActors.Coordinator;

/// <summary>
/// The coordinator's event-sourced state and its pure decisions (no actors, no I/O), so unit tests cover
/// batching, leasing, requeueing and completion without an actor system. <see cref="Apply"/> is the only
/// mutation; the <c>Decide*</c> methods return the events a command should persist.
/// Batches are contiguous ranges of the manifest: batch b holds frames [b·BatchSize, min((b+1)·BatchSize, FrameCount)).
/// </summary>
public sealed class JobCoordinatorState
{
    private BitArray _completed = new(0);
    private readonly Dictionary<long, Lease> _leases = new();
    private readonly Queue<long> _released = new();
    private long _cursor;

    /// <summary>A batch out at a worker.</summary>
    public sealed record Lease(long BatchId, string WorkerId, DateTimeOffset At);

    /// <summary>The job id (null until the job started).</summary>
    public string? JobId { get; private set; }

    /// <summary>Source path or URL.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Detector settings fixed at the start.</summary>
    public PipelineSettings Settings { get; private set; } = new("", "");

    /// <summary>Canonical configuration; a different one is refused.</summary>
    public string Fingerprint { get; private set; } = "";

    /// <summary>Frames in the manifest.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Frames per batch.</summary>
    public int BatchSize { get; private set; } = 1;

    /// <summary>Number of batches.</summary>
    public long BatchCount => BatchSize <= 0 ? 0 : (FrameCount + BatchSize - 1) / BatchSize;

    /// <summary>Frames whose batches are completed.</summary>
    public long FramesDone { get; private set; }

    /// <summary>Completed batches.</summary>
    public long BatchesDone { get; private set; }

    /// <summary>Id of the latest run.</summary>
    public int LastRunId { get; private set; }

    /// <summary>True once <see cref="JobCompleted"/> is persisted.</summary>
    public bool Completed { get; private set; }

    /// <summary>True once the job has started.</summary>
    public bool Started => JobId is not null;

    /// <summary>Batches given back (worker lost, lease expired, failed) and waiting to be leased again, oldest first.</summary>
    public IEnumerable<long> Released => _released;

    /// <summary>Leases in flight.</summary>
    public IReadOnlyDictionary<long, Lease> Leases => _leases;

    /// <summary>True when every batch is completed.</summary>
    public bool AllBatchesDone => Started && BatchesDone == BatchCount;

    /// <summary>First manifest index of a batch.</summary>
    public long FirstFrame(long batchId) => batchId * BatchSize;

    /// <summary>Frames in a batch.</summary>
    public int FramesIn(long batchId) => (int)Math.Min(BatchSize, FrameCount - batchId * BatchSize);

    /// <summary>True when the batch's rows are committed and persisted as completed.</summary>
    public bool IsCompleted(long batchId) => batchId < _completed.Length && _completed[(int)batchId];

    /// <summary>Applies one persisted event. Deterministic; never throws on replay of a valid history.</summary>
    public void Apply(IPersistedEvent e)
    {
        switch (e)
        {
            case JobStarted s:
                JobId = s.JobId; Source = s.Source; Settings = s.Settings; Fingerprint = s.Fingerprint;
                FrameCount = s.FrameCount; BatchSize = Math.Max(1, s.BatchSize);
                _completed = new BitArray(checked((int)BatchCount));
                FramesDone = 0; BatchesDone = 0; _cursor = 0; _leases.Clear(); _released.Clear(); Completed = false;
                break;
            case RunStarted r:
                LastRunId = r.RunId;
                foreach (var id in _leases.Keys.Order()) _released.Enqueue(id);
                _leases.Clear();
                break;
            case BatchLeased l:
                _leases[l.BatchId] = new Lease(l.BatchId, l.WorkerId, l.At);
                break;
            case BatchReleased r:
                if (_leases.Remove(r.BatchId) && !IsCompleted(r.BatchId)) _released.Enqueue(r.BatchId);
                break;
            case BatchCompleted c:
                _leases.Remove(c.BatchId);
                if (!IsCompleted(c.BatchId))
                {
                    _completed[(int)c.BatchId] = true;
                    FramesDone += FramesIn(c.BatchId);
                    BatchesDone++;
                }
                break;
            case JobCompleted:
                Completed = true;
                break;
        }
    }

    /// <summary>Restores from a snapshot.</summary>
    public void Restore(JobSnapshot s)
    {
        Apply(new JobStarted(s.JobId, s.Source, s.Settings, s.Fingerprint, s.FrameCount, s.BatchSize, DateTimeOffset.MinValue));
        var bits = new BitArray(s.CompletedBatches) { Length = checked((int)BatchCount) };
        _completed = bits;
        BatchesDone = 0; FramesDone = 0;
        for (long b = 0; b < BatchCount; b++)
            if (bits[(int)b]) { BatchesDone++; FramesDone += FramesIn(b); }
        LastRunId = s.LastRunId;
        Completed = s.Completed;
    }

    /// <summary>A snapshot of the durable part of the state (leases are not kept: a new run voids them).</summary>
    public JobSnapshot ToSnapshot()
    {
        var bytes = new byte[(_completed.Length + 7) / 8];
        _completed.CopyTo(bytes, 0);
        return new JobSnapshot(JobId ?? "", Source, Settings, Fingerprint, FrameCount, BatchSize, bytes, FramesDone, LastRunId, Completed);
    }

    /// <summary>What to do with a <see cref="StartJob"/>.</summary>
    public StartDecision DecideStart(StartJob cmd)
    {
        if (!Started) return StartDecision.Discover;
        if (!string.Equals(Fingerprint, cmd.Fingerprint, StringComparison.Ordinal))
            return StartDecision.Reject(
                $"job '{JobId}' already exists with another configuration.\n  stored:    {Fingerprint}\n  requested: {cmd.Fingerprint}\n" +
                "Results of different configurations are never mixed: pass --force to start the job over, or choose another --out/--job.");
        return Completed ? StartDecision.AlreadyComplete : StartDecision.Resume;
    }

    /// <summary>
    /// Picks batches to lease for the given demand, released batches first, then in manifest order, never more
    /// than <paramref name="maxInFlight"/> out at once. Pure: the state changes only when the events are applied.
    /// </summary>
    public IReadOnlyList<BatchLeased> DecideLeases(IEnumerable<(string WorkerId, int Slots)> demand, int maxInFlight, DateTimeOffset now)
    {
        var result = new List<BatchLeased>();
        if (!Started || Completed) return result;
        var taken = new HashSet<long>();
        var released = new Queue<long>(_released);
        var cursor = _cursor;
        var budget = maxInFlight - _leases.Count;
        foreach (var (worker, slots) in demand)
        {
            for (var i = 0; i < slots && budget > 0; i++)
            {
                long? next = null;
                while (released.Count > 0)
                {
                    var id = released.Dequeue();
                    if (!IsCompleted(id) && !_leases.ContainsKey(id) && taken.Add(id)) { next = id; break; }
                }
                while (next is null && cursor < BatchCount)
                {
                    var id = cursor++;
                    if (!IsCompleted(id) && !_leases.ContainsKey(id) && taken.Add(id)) next = id;
                }
                if (next is null) return result;
                result.Add(new BatchLeased(next.Value, worker, now));
                budget--;
            }
        }
        return result;
    }

    /// <summary>Advances the lease cursor past leased batches; call after applying leases (keeps <see cref="DecideLeases"/> linear).</summary>
    public void Compact()
    {
        while (_released.Count > 0 && (IsCompleted(_released.Peek()) || _leases.ContainsKey(_released.Peek()))) _released.Dequeue();
        while (_cursor < BatchCount && (IsCompleted(_cursor) || _leases.ContainsKey(_cursor))) _cursor++;
    }

    /// <summary>Leases older than <paramref name="timeout"/> are given up.</summary>
    public IReadOnlyList<BatchReleased> DecideExpired(DateTimeOffset now, TimeSpan timeout) =>
        _leases.Values.Where(l => now - l.At > timeout).OrderBy(l => l.BatchId)
            .Select(l => new BatchReleased(l.BatchId, $"lease timed out after {timeout.TotalSeconds:0}s at {l.WorkerId}")).ToList();

    /// <summary>Leases held by a worker that is gone.</summary>
    public IReadOnlyList<BatchReleased> DecideWorkerLost(string workerId) =>
        _leases.Values.Where(l => l.WorkerId == workerId).OrderBy(l => l.BatchId)
            .Select(l => new BatchReleased(l.BatchId, $"worker {workerId} is gone")).ToList();

    /// <summary>Events for a committed batch: completion (unless already known) and, when it was the last, job completion.</summary>
    public IReadOnlyList<IPersistedEvent> DecideCommitted(BatchRowsCommitted c, DateTimeOffset now)
    {
        if (!Started || c.BatchId < 0 || c.BatchId >= BatchCount || IsCompleted(c.BatchId)) return [];
        var events = new List<IPersistedEvent> { new BatchCompleted(c.BatchId, c.Frames, c.Objects, c.Errors) };
        if (BatchesDone + 1 == BatchCount && !Completed) events.Add(new JobCompleted(JobId!, now));
        return events;
    }
}
