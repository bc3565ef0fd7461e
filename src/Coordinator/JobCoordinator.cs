using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using CellActors.Messages;
using CellActors.Reading;
using CellActors.Results;

namespace CellActors.Coordinator;

/// <summary>
/// The persistent job coordinator (one per job, PersistenceId <c>job-{id}</c>). Discovers the inputs into a
/// manifest, leases contiguous batches to detectors against their demand (<see cref="RequestWork"/>), persists
/// each lease before sending it, watches workers and lease ages and requeues what a lost worker held, and
/// persists <see cref="BatchCompleted"/> only after a decoder reports the rows committed. On restart it
/// reconciles its leases with the batches the database says are committed, so no committed frame is processed again.
/// All decisions are in <see cref="JobCoordinatorState"/>.
/// </summary>
public sealed class JobCoordinator : ReceivePersistentActor, IWithTimers
{
    private readonly string _jobId;
    private readonly ResultStore _store;
    private readonly CoordinatorOptions _options;
    private readonly JobCoordinatorState _state = new();
    private readonly Dictionary<string, IActorRef> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _workerIds = new();
    private readonly Dictionary<string, string> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _demand = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _failures = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _waiting = [];
    private readonly HashSet<long> _checkedReleased = [];
    private readonly IActorRef? _owner;
    private readonly WorkerThroughput _throughput = new();
    private bool _running;
    private bool _paused;
    private long _messagesIn;
    private long _messagesOut;
    private bool _leasing; // a set of leases is being persisted: decide no more until they are applied
    private bool _discovering;
    private int _runId;

    private sealed record ManifestWritten(StartJob Command, long Frames, int Errors);

    private sealed record DiscoveryFailed(StartJob Command, Exception Error);

    private sealed record LeaseTick;

    /// <summary>
    /// From the job manager: <paramref name="Load"/> lists the detectors it knows with their capacity; the coordinator
    /// fills in the batches each holds and its throughput, and answers the original asker.
    /// </summary>
    internal sealed record LoadQuery(JobLoad Load);

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public override string PersistenceId => "job-" + _jobId;

    /// <summary>Props for the coordinator of <paramref name="jobId"/>.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="store">The results database.</param>
    /// <param name="options">Tuning.</param>
    /// <param name="owner">Told <see cref="JobCompleted"/> when the job is done (the cluster's job manager); null in one process.</param>
    public static Props Props(string jobId, ResultStore store, CoordinatorOptions? options = null, IActorRef? owner = null) =>
        Akka.Actor.Props.Create(() => new JobCoordinator(jobId, store, options ?? new CoordinatorOptions(), owner));

    /// <summary>Creates the coordinator; state is recovered from the journal.</summary>
    public JobCoordinator(string jobId, ResultStore store, CoordinatorOptions options, IActorRef? owner)
    {
        _jobId = jobId;
        _store = store;
        _options = options;
        _owner = owner;

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is JobSnapshot s) _state.Restore(s);
        });
        Recover<IPersistedEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ => _state.Compact());

        Command<StartJob>(OnStart);
        Command<ManifestWritten>(OnManifestWritten);
        Command<DiscoveryFailed>(f =>
        {
            _discovering = false;
            var reason = f.Error is SourceNotFoundException ? f.Error.Message : $"discovery of {f.Command.Source} failed: {f.Error.Message}";
            ReplyAll(new JobRejected(_jobId, reason));
        });
        Command<RequestWork>(r =>
        {
            _messagesIn++;
            if (!_workers.ContainsKey(r.WorkerId))
            {
                _workers[r.WorkerId] = Sender;
                _workerIds[Sender] = r.WorkerId;
                Context.Watch(Sender);
                _throughput.Seen(r.WorkerId, DateTimeOffset.UtcNow);
            }
            _providers[r.WorkerId] = r.Provider ?? "unknown";
            if (_paused) return; // a paused job keeps no demand: workers announce it again on resume
            _demand[r.WorkerId] = _demand.GetValueOrDefault(r.WorkerId) + Math.Max(0, r.Slots);
            Dispatch();
        });
        Command<BatchRowsCommitted>(c =>
        {
            _messagesIn++;
            if (_state.Leases.TryGetValue(c.BatchId, out var lease)) _throughput.Committed(lease.WorkerId, c.Frames + c.Errors, DateTimeOffset.UtcNow);
            OnCommitted(c);
        });
        Command<BatchFailed>(f =>
        {
            _messagesIn++;
            CellActorsMetrics.BatchFailureReported();
            OnFailed(f);
        });
        Command<PauseJob>(_ =>
        {
            _paused = true;
            _demand.Clear();
            _store.SetJobStatus(_jobId, JobPhase.Paused);
            _log.Info("job {JobId} paused: {InFlight} batches out will finish", _jobId, _state.Leases.Count);
            Sender.Tell(Progress());
        });
        Command<ResumeJob>(_ =>
        {
            _paused = false;
            if (!_state.Completed) _store.SetJobStatus(_jobId, JobPhase.Running);
            _log.Info("job {JobId} resumed", _jobId);
            Sender.Tell(Progress());
            Dispatch();
        });
        Command<CancelJob>(_ =>
        {
            _paused = true;
            _demand.Clear();
            if (!_state.Completed)
            {
                _store.SetJobStatus(_jobId, JobPhase.Cancelled);
                if (_runId > 0) _store.EndRun(_jobId, _runId, RunStatus.Cancelled);
            }
            _log.Info("job {JobId} cancelled: {Done} of {Frames} frames committed", _jobId, _state.FramesDone, _state.FrameCount);
            Sender.Tell(Progress());
            Context.Stop(Self);
        });
        Command<Terminated>(t =>
        {
            if (!_workerIds.Remove(t.ActorRef, out var id)) return;
            _workers.Remove(id);
            _providers.Remove(id);
            _demand.Remove(id);
            _throughput.Forget(id);
            var released = _state.DecideWorkerLost(id);
            if (released.Count > 0)
            {
                _log.Warning("worker {Worker} is gone: sending {Count} batches again", id, released.Count);
                PersistAll(released, e => { ApplyEvent(e); Dispatch(); });
            }
        });
        Command<LeaseTick>(_ =>
        {
            var expired = _state.DecideExpired(DateTimeOffset.UtcNow, _options.Lease);
            if (expired.Count > 0) PersistAll(expired, e => { ApplyEvent(e); Dispatch(); });
        });
        Command<GetJobProgress>(_ => Sender.Tell(Progress()));
        Command<LoadQuery>(q => Sender.Tell(Load(q.Load)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "snapshot failed; the journal still holds every event"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("lease-tick", new LeaseTick(), TimeSpan.FromSeconds(Math.Clamp(_options.Lease.TotalSeconds / 4, 0.5, 30)));
        base.PreStart();
    }

    private JobProgress Progress() =>
        new(_jobId, _state.FrameCount, _state.FramesDone, _state.Leases.Count, _state.BatchesDone, _state.BatchCount, _state.Completed,
            _providers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList(), _state.Settings.Segmentation);

    /// <summary>The manager's list of detectors with this job's leases and throughput filled in (a detector the manager does not know that holds leases is added).</summary>
    private JobLoad Load(JobLoad load)
    {
        var now = DateTimeOffset.UtcNow;
        var held = _state.Leases.Values.GroupBy(l => l.WorkerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var workers = load.Workers
            .Select(w => w with { BatchesInFlight = held.GetValueOrDefault(w.WorkerId), FramesPerSecond = _throughput.FramesPerSecond(w.WorkerId, now) })
            .ToList();
        foreach (var (id, count) in held.Where(h => load.Workers.All(w => w.WorkerId != h.Key)))
        {
            var address = ActorPath.TryParseAddress(id, out var a) ? a.ToString() : "";
            workers.Add(new WorkerLoad(id, address, count, 0, _throughput.FramesPerSecond(id, now)));
        }
        return load with { Workers = workers };
    }

    private void ReplyAll(ICellActorsMessage reply)
    {
        foreach (var w in _waiting) w.Tell(reply);
        _waiting.Clear();
    }

    private void OnStart(StartJob cmd)
    {
        _waiting.Add(Sender);
        if (_discovering) return;
        if (_running)
        {
            if (cmd.Fingerprint == _state.Fingerprint) ReplyAll(new JobAccepted(_jobId, _state.FrameCount, _state.FramesDone, true));
            else ReplyAll(new JobRejected(_jobId, _state.DecideStart(cmd).Reason ?? "job is running with another configuration"));
            return;
        }

        var decision = _state.DecideStart(cmd);
        switch (decision.Kind)
        {
            case StartDecisionKind.Reject:
                ReplyAll(new JobRejected(_jobId, decision.Reason!));
                break;
            case StartDecisionKind.AlreadyComplete:
                ReplyAll(new JobAccepted(_jobId, _state.FrameCount, _state.FramesDone, true));
                _owner?.Tell(new JobCompleted(_jobId, DateTimeOffset.UtcNow));
                break;
            case StartDecisionKind.Resume:
                BeginRun(resumed: true);
                break;
            default:
                _discovering = true;
                var store = _store;
                Task.Run(() => JobManifest.Write(store, cmd)).PipeTo(Self,
                    success: r => new ManifestWritten(cmd, r.Frames, r.Errors),
                    failure: e => new DiscoveryFailed(cmd, e));
                break;
        }
    }

    private void OnManifestWritten(ManifestWritten m)
    {
        _discovering = false;
        var c = m.Command;
        if (m.Frames == 0 && m.Errors == 0)
        {
            ReplyAll(new JobRejected(_jobId, $"no TIFF or PNG frames found in {c.Source}"));
            return;
        }
        _log.Info("job {JobId}: {Frames} frames discovered in {Source} ({Errors} inputs unusable)", _jobId, m.Frames, c.Source, m.Errors);
        Persist(new JobStarted(_jobId, c.Source, c.Settings, c.Fingerprint, m.Frames, c.BatchSize, DateTimeOffset.UtcNow), e =>
        {
            ApplyEvent(e);
            BeginRun(resumed: false);
        });
    }

    private void BeginRun(bool resumed)
    {
        // Batches whose rows are committed but whose completion was not yet persisted (the process died in between).
        var open = new List<long>();
        for (long b = 0; b < _state.BatchCount; b++)
            if (!_state.IsCompleted(b)) open.Add(b);
        var committed = _store.CommittedBatches(_jobId, open);
        var events = new List<IPersistedEvent>();
        foreach (var b in committed.Order()) events.Add(new BatchCompleted(b, _state.FramesIn(b), 0, 0));
        _runId = _store.StartRun(_jobId);
        events.Add(new RunStarted(_jobId, _runId, DateTimeOffset.UtcNow));
        if (committed.Count > 0) _log.Info("job {JobId}: {Count} batches were committed before the restart; not processing them again", _jobId, committed.Count);
        var last = events[^1];
        PersistAll(events, e =>
        {
            ApplyEvent(e);
            if (!ReferenceEquals(e, last)) return;
            _running = true;
            ReplyAll(new JobAccepted(_jobId, _state.FrameCount, _state.FramesDone, resumed));
            if (_state.AllBatchesDone) Finish();
            else Dispatch();
        });
    }

    private void Dispatch()
    {
        if (!_running || _leasing || _paused || _state.Completed) return;
        if (ReconcileReleased()) return;
        var demand = _demand.Where(d => d.Value > 0).Select(d => (d.Key, d.Value)).ToList();
        if (demand.Count == 0) return;
        var leases = _state.DecideLeases(demand, _options.MaxInFlight, DateTimeOffset.UtcNow);
        if (leases.Count == 0) return;
        foreach (var l in leases) _demand[l.WorkerId]--;
        var settings = _state.Settings;
        var last = leases[^1];
        _leasing = true;
        var persisting = System.Diagnostics.Stopwatch.GetTimestamp();
        PersistAll(leases, l =>
        {
            if (ReferenceEquals(l, last)) CellActorsMetrics.JournalWritten(persisting);
            ApplyEvent(l);
            _checkedReleased.Remove(l.BatchId);
            if (ReferenceEquals(l, last)) _leasing = false;
            if (_workers.TryGetValue(l.WorkerId, out var worker))
            {
                var frames = _store.ReadManifest(_jobId, _state.FirstFrame(l.BatchId), _state.FramesIn(l.BatchId));
                worker.Tell(new ProcessBatch(_jobId, _runId, l.BatchId, settings, frames));
                _messagesOut++;
            }
            else
            {
                // The worker left while its lease was being persisted: give the batch back at once.
                Persist(new BatchReleased(l.BatchId, $"worker {l.WorkerId} is gone"), ApplyEvent);
            }
            if (ReferenceEquals(l, last)) Dispatch();
        });
    }

    /// <summary>
    /// Before a released batch is leased again, asks the database whether its rows were committed after all (its
    /// worker died, or the coordinator restarted, between the commit and the report): those are recorded as completed
    /// instead of being processed again. Returns true when it persisted completions (dispatch resumes after them).
    /// </summary>
    private bool ReconcileReleased()
    {
        var unchecked_ = _state.Released.Where(b => !_state.IsCompleted(b) && _checkedReleased.Add(b)).ToList();
        if (unchecked_.Count == 0) return false;
        var committed = _store.CommittedBatches(_jobId, unchecked_);
        if (committed.Count == 0) return false;
        _log.Info("job {JobId}: {Count} released batches were committed already; not processing them again", _jobId, committed.Count);
        var events = committed.Order().Select(b => (IPersistedEvent)new BatchCompleted(b, _state.FramesIn(b), 0, 0)).ToList();
        var last = events[^1];
        _leasing = true;
        PersistAll(events, e =>
        {
            ApplyEvent(e);
            if (!ReferenceEquals(e, last)) return;
            _leasing = false;
            if (_state.AllBatchesDone) Finish();
            else Dispatch();
        });
        return true;
    }

    private void OnCommitted(BatchRowsCommitted c)
    {
        var events = _state.DecideCommitted(c, DateTimeOffset.UtcNow);
        if (events.Count == 0) return;
        var last = events[^1];
        var persisting = System.Diagnostics.Stopwatch.GetTimestamp();
        PersistAll(events, e =>
        {
            if (ReferenceEquals(e, last)) CellActorsMetrics.JournalWritten(persisting);
            ApplyEvent(e);
            if (e is JobCompleted) Finish();
            else if (ReferenceEquals(e, last)) Dispatch();
        });
    }

    private void OnFailed(BatchFailed f)
    {
        if (_state.IsCompleted(f.BatchId)) return;
        var attempts = _failures[f.BatchId] = _failures.GetValueOrDefault(f.BatchId) + 1;
        _log.Warning("batch {BatchId} failed (attempt {Attempt} of {Max}): {Reason}", f.BatchId, attempts, _options.MaxBatchAttempts, f.Reason);
        if (attempts < _options.MaxBatchAttempts)
        {
            Persist(new BatchReleased(f.BatchId, f.Reason), e => { ApplyEvent(e); Dispatch(); });
            return;
        }
        // Give up on the batch as a whole: one errors row per frame, committed like any batch, and go on.
        var frames = _store.ReadManifest(_jobId, _state.FirstFrame(f.BatchId), _state.FramesIn(f.BatchId));
        var firstLine = f.Reason.Split('\n')[0];
        var errors = frames.Select(fr => new ErrorRow(fr.Uri, fr.Page, fr.ImageId, "batch", "batch_failed",
            $"{fr.Uri} (page {fr.Page}): failed {attempts} times: {firstLine}")).ToList();
        _store.CommitBatch(_jobId, f.BatchId, _runId, [], [], errors);
        foreach (var _ in errors) CellActorsMetrics.ErrorRecorded("batch", "batch_failed");
        OnCommitted(new BatchRowsCommitted(_jobId, f.BatchId, 0, 0, errors.Count));
    }

    private void ApplyEvent(IPersistedEvent e)
    {
        _state.Apply(e);
        _state.Compact();
        CellActorsMetrics.EventPersisted(e);
        CellActorsMetrics.LeasesNow(_jobId, _state.Leases.Count, _state.Leases.Count == 0 ? null : _state.Leases.Values.Min(l => l.At));
        if (LastSequenceNr > 0 && LastSequenceNr % _options.SnapshotEvery == 0) SaveSnapshot(_state.ToSnapshot());
    }

    private void Finish()
    {
        if (!_state.Completed)
        {
            Persist(new JobCompleted(_jobId, DateTimeOffset.UtcNow), e => { ApplyEvent(e); Finish(); });
            return;
        }
        _store.CompleteJob(_jobId);
        _store.EndRun(_jobId, _runId, RunStatus.Completed);
        _log.Info("job {JobId} completed: {Frames} frames; this run's coordinator messages: {In} received, {Out} sent ({PerFrame:0.00} per frame)",
            _jobId, _state.FrameCount, _messagesIn, _messagesOut, _state.FrameCount > 0 ? (_messagesIn + _messagesOut) / (double)_state.FrameCount : 0);
        _owner?.Tell(new JobCompleted(_jobId, DateTimeOffset.UtcNow));
    }
}
