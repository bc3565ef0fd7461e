using System.Collections;
using CellActors.Messages;

namespace CellActors.Coordinator;

/// <summary>
/// The coordinator's event-sourced state and its pure decisions (no actors, no I/O), so unit tests cover
/// batching, leasing, requeueing and completion without an actor system. <see cref="Apply"/> is the only
/// mutation; the <c>Decide*</c> methods return the events a command should persist.
/// Batches are contiguous ranges of the manifest: batch b holds frames [b·BatchSize, min((b+1)·BatchSize, FrameCount)).
/// <para>Poison frames: every lease is an attempt (counted from the persisted <see cref="BatchLeased"/> events, whatever
/// ended it: a reported failure, a lost worker, an expired lease, a killed process). A batch or part leased before and
/// not completed is <i>suspect</i>: it is leased alone on its node (a process it kills takes no other batch with it),
/// and no new work goes to a busy node while suspects wait. One that reached the attempt limit is bisected
/// (<see cref="BatchBisected"/>: two parts, <see cref="BatchParts"/>); a single frame at the limit is given up (one
/// <c>errors</c> row, then completed like any part). A bisected batch is completed when its last part is.</para>
/// </summary>
public sealed class JobCoordinatorState
{
    private BitArray _completed = new(0);
    private readonly Dictionary<long, Lease> _leases = new();
    private readonly Queue<long> _released = new();
    private readonly Dictionary<long, int> _attempts = new();
    private readonly Dictionary<long, long> _openParts = new(); // part id -> its batch
    private readonly HashSet<long> _bisected = [];
    private readonly Dictionary<long, string> _lastEnding = new();
    private long _cursor;

    /// <summary>The reason recorded when a new run voids the leases of the process before it.</summary>
    public const string ProcessStoppedReason = "the process that held it stopped before its rows were committed (killed, crashed or interrupted)";

    /// <summary>A batch (or part) out at a worker; <paramref name="Alone"/>: it was leased before, so nothing else goes to its node while it is out.</summary>
    public sealed record Lease(long BatchId, string WorkerId, DateTimeOffset At, bool Alone = false);

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

    /// <summary>First manifest index of a batch or part.</summary>
    public long FirstFrame(long batchId) => BatchParts.IsPart(batchId) ? BatchParts.First(batchId) : batchId * BatchSize;

    /// <summary>Frames in a batch or part.</summary>
    public int FramesIn(long batchId) => BatchParts.IsPart(batchId) ? BatchParts.Count(batchId) : (int)Math.Min(BatchSize, FrameCount - batchId * BatchSize);

    /// <summary>
    /// True when the batch's rows are committed and persisted as completed; for a part, when it is no longer open
    /// (completed, or bisected further) or its batch is completed.
    /// </summary>
    public bool IsCompleted(long batchId) => BatchParts.IsPart(batchId)
        ? !_openParts.ContainsKey(batchId)
        : batchId >= 0 && batchId < _completed.Length && _completed[(int)batchId];

    /// <summary>Leases so far of a batch or part that is not completed (0 once completed or bisected).</summary>
    public int Attempts(long batchId) => _attempts.GetValueOrDefault(batchId);

    /// <summary>The open parts of bisected batches (part ids, <see cref="BatchParts"/>).</summary>
    public IEnumerable<long> OpenParts => _openParts.Keys;

    /// <summary>How the last attempt of a batch or part ended, when known in this process (for the <c>errors</c> row of a frame given up).</summary>
    public string? LastEnding(long batchId) => _lastEnding.GetValueOrDefault(batchId);

    /// <summary>True when the batch or part may be leased now: open, not completed, not out.</summary>
    private bool Leasable(long id) =>
        !IsCompleted(id) && !_leases.ContainsKey(id) && (BatchParts.IsPart(id) || (id < BatchCount && !_bisected.Contains(id)));

    /// <summary>The node (address) of a worker id (<c>akka.tcp://cellactors@host:port/user/detector-0#uid</c>); the id itself when it has none.</summary>
    public static string NodeOf(string workerId)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        var scheme = workerId.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return workerId;
        var path = workerId.IndexOf('/', scheme + 3);
        return path < 0 ? workerId : workerId[..path];
    }

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
                _attempts.Clear(); _openParts.Clear(); _bisected.Clear(); _lastEnding.Clear();
                break;
            case RunStarted r:
                LastRunId = r.RunId;
                foreach (var id in _leases.Keys.Order())
                {
                    _released.Enqueue(id);
                    _lastEnding[id] = ProcessStoppedReason;
                }
                _leases.Clear();
                break;
            case BatchLeased l:
                var before = _attempts.GetValueOrDefault(l.BatchId);
                _attempts[l.BatchId] = before + 1;
                _leases[l.BatchId] = new Lease(l.BatchId, l.WorkerId, l.At, Alone: before > 0);
                break;
            case BatchReleased r:
                if (_leases.Remove(r.BatchId) && !IsCompleted(r.BatchId))
                {
                    _released.Enqueue(r.BatchId);
                    _lastEnding[r.BatchId] = r.Reason;
                }
                break;
            case BatchBisected b:
                Bisect(b.BatchId);
                break;
            case BatchCompleted c when BatchParts.IsPart(c.BatchId):
                _leases.Remove(c.BatchId);
                if (_openParts.Remove(c.BatchId, out var ofBatch))
                {
                    Forget(c.BatchId);
                    if (!_openParts.ContainsValue(ofBatch)) CompleteBatch(ofBatch);
                }
                break;
            case BatchCompleted c:
                _leases.Remove(c.BatchId);
                CompleteBatch(c.BatchId);
                break;
            case JobCompleted:
                Completed = true;
                break;
        }
    }

    private void CompleteBatch(long batchId)
    {
        if (batchId < 0 || batchId >= BatchCount || IsCompleted(batchId)) return;
        _completed[(int)batchId] = true;
        FramesDone += FramesIn(batchId);
        BatchesDone++;
        Forget(batchId);
        if (_bisected.Remove(batchId))
            foreach (var part in _openParts.Where(p => p.Value == batchId).Select(p => p.Key).ToList()) { _openParts.Remove(part); Forget(part); }
    }

    private void Forget(long id)
    {
        _attempts.Remove(id);
        _lastEnding.Remove(id);
    }

    /// <summary>Replaces a batch or open part by its two halves (queued to be leased first); no-op when it is completed or not open.</summary>
    private void Bisect(long id)
    {
        var n = FramesIn(id);
        if (n < 2 || IsCompleted(id) || (!BatchParts.IsPart(id) && (id >= BatchCount || !_bisected.Add(id)))) return;
        var batch = BatchParts.IsPart(id) ? _openParts[id] : id;
        if (BatchParts.IsPart(id)) _openParts.Remove(id);
        _leases.Remove(id);
        Forget(id);
        var first = FirstFrame(id);
        var half = n / 2;
        foreach (var part in new[] { BatchParts.Id(first, half), BatchParts.Id(first + half, n - half) })
        {
            _openParts[part] = batch;
            _released.Enqueue(part);
        }
    }

    /// <summary>Restores from a snapshot written before attempts were kept (v1): attempts start again from zero.</summary>
    public void Restore(JobSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Restore(new JobSnapshotV2(s.JobId, s.Source, s.Settings, s.Fingerprint, s.FrameCount, s.BatchSize, s.CompletedBatches, s.FramesDone, s.LastRunId, s.Completed, [], [], []));
    }

    /// <summary>Restores from a snapshot: progress, attempts and the open parts of bisected batches.</summary>
    public void Restore(JobSnapshotV2 s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Apply(new JobStarted(s.JobId, s.Source, s.Settings, s.Fingerprint, s.FrameCount, s.BatchSize, DateTimeOffset.MinValue));
        var bits = new BitArray(s.CompletedBatches) { Length = checked((int)BatchCount) };
        _completed = bits;
        BatchesDone = 0; FramesDone = 0;
        for (long b = 0; b < BatchCount; b++)
            if (bits[(int)b]) { BatchesDone++; FramesDone += FramesIn(b); }
        LastRunId = s.LastRunId;
        Completed = s.Completed;
        for (var i = 0; i < Math.Min(s.AttemptIds.Length, s.AttemptCounts.Length); i++) _attempts[s.AttemptIds[i]] = s.AttemptCounts[i];
        foreach (var part in s.OpenParts)
        {
            var batch = BatchParts.First(part) / BatchSize;
            if (IsCompleted(batch)) continue;
            _openParts[part] = batch;
            _bisected.Add(batch);
            _released.Enqueue(part);
        }
        // Batches leased before the snapshot and not completed: their leases are void (as after RunStarted), their attempts count.
        foreach (var id in _attempts.Keys.Where(id => !BatchParts.IsPart(id) && id < BatchCount && !IsCompleted(id)).Order()) _released.Enqueue(id);
    }

    /// <summary>A snapshot of the durable part of the state (leases are not kept: a new run voids them; their attempts are).</summary>
    public JobSnapshotV2 ToSnapshot()
    {
        var bytes = new byte[(_completed.Length + 7) / 8];
        _completed.CopyTo(bytes, 0);
        var attempts = _attempts.OrderBy(a => a.Key).ToList();
        return new JobSnapshotV2(JobId ?? "", Source, Settings, Fingerprint, FrameCount, BatchSize, bytes, FramesDone, LastRunId, Completed,
            attempts.Select(a => a.Key).ToArray(), attempts.Select(a => a.Value).ToArray(), _openParts.Keys.Order().ToArray());
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
    /// Picks batches to lease for the given demand, never more than <paramref name="maxInFlight"/> out at once. Suspect
    /// batches and parts (leased before, not completed) go first, each alone on a node that holds nothing else, and while
    /// one waits busy nodes get nothing new; then new parts of bisected batches, then batches in manifest order. Batches
    /// and parts at <paramref name="maxAttempts"/> are never leased (see <see cref="DecideExhausted"/>). Pure: the state
    /// changes only when the events are applied.
    /// </summary>
    public IReadOnlyList<BatchLeased> DecideLeases(IEnumerable<(string WorkerId, int Slots)> demand, int maxInFlight, DateTimeOffset now, int maxAttempts = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(demand);
        var result = new List<BatchLeased>();
        if (!Started || Completed) return result;
        var taken = new HashSet<long>();
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        var isolated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in _leases.Values)
        {
            var node = NodeOf(l.WorkerId);
            load[node] = load.GetValueOrDefault(node) + 1;
            if (l.Alone) isolated.Add(node);
        }
        var suspects = new Queue<long>(_released.Where(id => Attempts(id) > 0 && Attempts(id) < maxAttempts && Leasable(id)).Distinct());
        var fresh = new Queue<long>(_released.Where(id => Attempts(id) == 0 && Leasable(id)).Distinct());
        var cursor = _cursor;
        var budget = maxInFlight - _leases.Count;
        foreach (var (worker, slots) in demand)
        {
            var node = NodeOf(worker);
            for (var i = 0; i < slots && budget > 0 && !isolated.Contains(node); i++)
            {
                while (suspects.Count > 0 && taken.Contains(suspects.Peek())) suspects.Dequeue();
                if (suspects.Count > 0)
                {
                    if (load.GetValueOrDefault(node) > 0) break; // this node drains first, then takes a suspect alone
                    var suspect = suspects.Dequeue();
                    taken.Add(suspect);
                    result.Add(new BatchLeased(suspect, worker, now));
                    load[node] = 1;
                    isolated.Add(node);
                    budget--;
                    break;
                }
                long? next = null;
                while (next is null && fresh.Count > 0)
                {
                    var id = fresh.Dequeue();
                    if (taken.Add(id)) next = id;
                }
                while (next is null && cursor < BatchCount)
                {
                    var id = cursor++;
                    if (Leasable(id) && Attempts(id) == 0 && taken.Add(id)) next = id;
                }
                if (next is null) return result;
                result.Add(new BatchLeased(next.Value, worker, now));
                load[node] = load.GetValueOrDefault(node) + 1;
                budget--;
            }
        }
        return result;
    }

    /// <summary>
    /// Batches and parts waiting to be leased again that reached <paramref name="maxAttempts"/>: those of several frames
    /// are bisected (<see cref="BatchBisected"/>), single frames are given up (<paramref name="giveUp"/>: the caller
    /// records the frame in <c>errors</c> and then reports the part committed).
    /// </summary>
    public IReadOnlyList<BatchBisected> DecideExhausted(int maxAttempts, out IReadOnlyList<long> giveUp)
    {
        var bisect = new List<BatchBisected>();
        var single = new List<long>();
        giveUp = single;
        if (!Started || Completed) return bisect;
        foreach (var id in _released.Concat(_attempts.Keys).Distinct().Where(id => Attempts(id) >= maxAttempts && Leasable(id)).Order())
        {
            var n = FramesIn(id);
            if (n <= 1 || n > BatchParts.MaxFrames) single.Add(id);
            else bisect.Add(new BatchBisected(id, Attempts(id), LastEnding(id) ?? $"leased {Attempts(id)} times without its rows being committed"));
        }
        return bisect;
    }

    /// <summary>Advances the lease cursor past leased batches; call after applying leases (keeps <see cref="DecideLeases"/> linear).</summary>
    public void Compact()
    {
        while (_released.Count > 0 && !Leasable(_released.Peek())) _released.Dequeue();
        while (_cursor < BatchCount && (!Leasable(_cursor) || Attempts(_cursor) > 0)) _cursor++;
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
        ArgumentNullException.ThrowIfNull(c);
        if (!Started || c.BatchId >= BatchCount || IsCompleted(c.BatchId)) return [];
        var events = new List<IPersistedEvent> { new BatchCompleted(c.BatchId, c.Frames, c.Objects, c.Errors) };
        var completesBatch = !BatchParts.IsPart(c.BatchId) || _openParts.Count(p => p.Value == _openParts[c.BatchId]) == 1;
        if (completesBatch && BatchesDone + 1 == BatchCount && !Completed) events.Add(new JobCompleted(JobId!, now));
        return events;
    }
}
