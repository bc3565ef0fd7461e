using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
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
/// All decisions are in <see cref="JobCoordinatorState"/>: among them, every lease counts as an attempt, a batch leased
/// before runs alone on its node, and a batch that keeps failing is bisected until the frame that fails alone is
/// recorded in <c>errors</c>.
/// <para>No database call runs on the actor's thread: they run in order on one task chain and come back as messages
/// (<c>PipeTo</c>); <see cref="GetJobProgress"/> is answered from the state. A failure of the journal stops the actor
/// (Akka.Persistence) and a failure of the results database (or an unexpected exception) fails it: hosts run it under
/// a backoff supervisor (<see cref="Supervised"/>), so it starts again, replays its journal once the database answers
/// again, and resumes the job (<c>resumeWith</c>, or its owner's <see cref="StartJob"/> after <see cref="Recovered"/>).</para>
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
    private readonly StartJob? _resumeWith;
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
    private bool _beginning; // a run is being prepared (database read, RunStarted persisted)
    private bool _reconciling; // released batches are being checked against the database
    private bool _finishWritten; // the job's completion is written to the results database
    private readonly HashSet<long> _givingUp = [];
    private Task _io = Task.CompletedTask;
    private int _runId;

    private sealed record ManifestWritten(StartJob Command, long Frames, int Errors);

    private sealed record DiscoveryFailed(StartJob Command, Exception Error);

    private sealed record LeaseTick;

    private sealed record RunPrepared(IReadOnlySet<long> Committed, int RunId, bool Resumed);

    private sealed record ReleasedChecked(IReadOnlySet<long> Committed);

    private sealed record LeasesRead(IReadOnlyList<(BatchLeased Lease, IReadOnlyList<FrameRef> Frames)> Batches);

    private sealed record FrameGivenUp(long BatchId, int Errors);

    private sealed record FinishWritten;

    private sealed record CancelWritten;

    /// <summary>A database call of this actor failed (on its task chain): the actor fails with it and its supervisor starts it again.</summary>
    private sealed record IoFailed(string What, Exception Error);

    /// <summary>
    /// Told to the owner (the job manager) once the coordinator has replayed its journal, at its first start and after
    /// every restart by its supervisor: the owner answers with the job's <see cref="StartJob"/> (and
    /// <see cref="PauseJob"/> when it is paused), which resumes it.
    /// </summary>
    public sealed record Recovered(string JobId);

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
    /// <param name="owner">Told <see cref="Recovered"/> after each start and <see cref="JobCompleted"/> when the job is done (the cluster's job manager); null in one process.</param>
    /// <param name="resumeWith">The command the coordinator starts itself with after each start (one process: the run's own command), so a restart resumes the job; null when the owner does.</param>
    public static Props Props(string jobId, ResultStore store, CoordinatorOptions? options = null, IActorRef? owner = null, StartJob? resumeWith = null) =>
        Akka.Actor.Props.Create(() => new JobCoordinator(jobId, store, options ?? new CoordinatorOptions(), owner, resumeWith));

    /// <summary>
    /// The coordinator under a backoff supervisor (<see cref="BackoffSupervisor"/>, <c>Backoff.OnStop</c>): when it
    /// stops (a journal failure) or fails (any exception: it is then stopped, not restarted in place) it is started
    /// again after 1 s, doubling up to 30 s, until it recovers; <see cref="CancelJob"/> is the final stop message.
    /// Messages sent to the supervisor reach the current coordinator.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="store">The results database.</param>
    /// <param name="options">Tuning.</param>
    /// <param name="owner">See <see cref="Props"/>.</param>
    /// <param name="resumeWith">See <see cref="Props"/>.</param>
    public static Props Supervised(string jobId, ResultStore store, CoordinatorOptions? options = null, IActorRef? owner = null, StartJob? resumeWith = null) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(Props(jobId, store, options, owner, resumeWith), "coordinator", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1)
                .WithDefaultStoppingStrategy()
                .WithFinalStopMessage(m => m is CancelJob));

    /// <summary>Creates the coordinator; state is recovered from the journal.</summary>
    public JobCoordinator(string jobId, ResultStore store, CoordinatorOptions options, IActorRef? owner, StartJob? resumeWith)
    {
        _jobId = jobId;
        _store = store;
        _options = options;
        _owner = owner;
        _resumeWith = resumeWith;

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is JobSnapshotV2 s2) _state.Restore(s2);
            else if (o.Snapshot is JobSnapshot s) _state.Restore(s);
        });
        Recover<IPersistedEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _state.Compact();
            if (_resumeWith is not null) Self.Tell(_resumeWith, Self);
            _owner?.Tell(new Recovered(_jobId));
        });

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
        Command<RunPrepared>(OnRunPrepared);
        Command<ReleasedChecked>(OnReleasedChecked);
        Command<LeasesRead>(OnLeasesRead);
        Command<FrameGivenUp>(g =>
        {
            _givingUp.Remove(g.BatchId);
            for (var k = 0; k < g.Errors; k++) CellActorsMetrics.ErrorRecorded("batch", AttemptsExhausted);
            OnCommitted(new BatchRowsCommitted(_jobId, g.BatchId, 0, 0, g.Errors));
        });
        Command<FinishWritten>(_ => OnFinishWritten());
        Command<CancelWritten>(_ => Context.Stop(Self));
        Command<IoDone>(_ => { });
        Command<IoFailed>(f => throw new InvalidOperationException($"job {_jobId}: {f.What} failed: {f.Error.Message}", f.Error));
        Command<JobAccepted>(_ => { }); // the answer to its own StartJob (resumeWith)
        Command<JobRejected>(r => _log.Error("job {JobId} could not be resumed: {Reason}", r.JobId, r.Reason));
        Command<PauseJob>(_ =>
        {
            _paused = true;
            _demand.Clear();
            Io("recording the pause", s => s.SetJobStatus(_jobId, JobPhase.Paused));
            _log.Info("job {JobId} paused: {InFlight} batches out will finish", _jobId, _state.Leases.Count);
            Sender.Tell(Progress());
        });
        Command<ResumeJob>(_ =>
        {
            _paused = false;
            if (!_state.Completed) Io("recording the resume", s => s.SetJobStatus(_jobId, JobPhase.Running));
            _log.Info("job {JobId} resumed", _jobId);
            Sender.Tell(Progress());
            Dispatch();
        });
        Command<CancelJob>(_ =>
        {
            _paused = true;
            _demand.Clear();
            var completed = _state.Completed;
            var runId = _runId;
            Io("recording the cancellation", s =>
            {
                if (completed) return;
                s.SetJobStatus(_jobId, JobPhase.Cancelled);
                if (runId > 0) s.EndRun(_jobId, runId, RunStatus.Cancelled);
            }, () => new CancelWritten());
            _log.Info("job {JobId} cancelled: {Done} of {Frames} frames committed", _jobId, _state.FramesDone, _state.FrameCount);
            Sender.Tell(Progress());
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

    /// <summary>
    /// Runs <paramref name="work"/> on the results database after every call queued before it (one task chain: the
    /// database sees this actor's calls in order), off the actor's thread; its result comes back as <paramref name="done"/>'s
    /// message, a failure as <see cref="IoFailed"/>.
    /// </summary>
    private void Io<T>(string what, Func<ResultStore, T> work, Func<T, object> done)
    {
        var store = _store;
        var task = _io.ContinueWith(_ => work(store), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _io = task;
        task.PipeTo(Self, success: r => done(r), failure: e => new IoFailed(what, e is AggregateException { InnerException: { } inner } ? inner : e));
    }

    private void Io(string what, Action<ResultStore> work, Func<object>? done = null) =>
        Io<bool>(what, s => { work(s); return true; }, _ => done?.Invoke() ?? IoDone.Instance);

    /// <summary>A database call with nothing to report ended.</summary>
    private sealed record IoDone
    {
        public static readonly IoDone Instance = new();
    }

    private JobProgress Progress() =>
        new(_jobId, _state.FrameCount, _state.FramesDone, _state.Leases.Count, _state.BatchesDone, _state.BatchCount, _state.Completed && _finishWritten,
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
        if (!Sender.Equals(Self)) _waiting.Add(Sender);
        if (_discovering || _beginning) return;
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
                Finish();
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

    /// <summary>Reads which open batches are committed already and starts a run (off the actor's thread), then <see cref="OnRunPrepared"/>.</summary>
    private void BeginRun(bool resumed)
    {
        _beginning = true;
        // Batches whose rows are committed but whose completion was not yet persisted (the process died in between).
        var open = new List<long>();
        for (long b = 0; b < _state.BatchCount; b++)
            if (!_state.IsCompleted(b)) open.Add(b);
        open.AddRange(_state.OpenParts);
        Io("starting a run", s => (Committed: s.CommittedBatches(_jobId, open), RunId: s.StartRun(_jobId)), r => new RunPrepared(r.Committed, r.RunId, resumed));
    }

    private void OnRunPrepared(RunPrepared r)
    {
        var events = new List<IPersistedEvent>();
        foreach (var b in r.Committed.Order()) events.Add(new BatchCompleted(b, _state.FramesIn(b), 0, 0));
        _runId = r.RunId;
        events.Add(new RunStarted(_jobId, _runId, DateTimeOffset.UtcNow));
        if (r.Committed.Count > 0) _log.Info("job {JobId}: {Count} batches were committed before the restart; not processing them again", _jobId, r.Committed.Count);
        var last = events[^1];
        PersistAll(events, e =>
        {
            ApplyEvent(e);
            if (!ReferenceEquals(e, last)) return;
            _running = true;
            _beginning = false;
            ReplyAll(new JobAccepted(_jobId, _state.FrameCount, _state.FramesDone, r.Resumed));
            if (_state.AllBatchesDone) Finish();
            else Dispatch();
        });
    }

    private void Dispatch()
    {
        if (!_running || _leasing || _reconciling || _paused || _state.Completed) return;
        if (ReconcileReleased()) return;
        if (DecideExhausted()) return;
        var demand = _demand.Where(d => d.Value > 0).Select(d => (d.Key, d.Value)).ToList();
        if (demand.Count == 0) return;
        var leases = _state.DecideLeases(demand, _options.MaxInFlight, DateTimeOffset.UtcNow, _options.MaxBatchAttempts);
        if (leases.Count == 0) return;
        foreach (var l in leases) _demand[l.WorkerId]--;
        var last = leases[^1];
        _leasing = true;
        var persisting = System.Diagnostics.Stopwatch.GetTimestamp();
        PersistAll(leases, l =>
        {
            if (ReferenceEquals(l, last)) CellActorsMetrics.JournalWritten(persisting);
            ApplyEvent(l);
            _checkedReleased.Remove(l.BatchId);
            if (BatchParts.IsPart(l.BatchId) || _state.Attempts(l.BatchId) > 1)
                _log.Info("job {JobId}: leasing {Batch} to {Worker} (attempt {Attempt} of {Max})", _jobId, BatchParts.Describe(l.BatchId, _state.BatchSize), l.WorkerId,
                    _state.Attempts(l.BatchId), _options.MaxBatchAttempts);
            if (!ReferenceEquals(l, last)) return;
            _leasing = false;
            var wanted = leases.Select(x => (x, _state.FirstFrame(x.BatchId), _state.FramesIn(x.BatchId))).ToList();
            Io("reading the manifest", s => (IReadOnlyList<(BatchLeased, IReadOnlyList<FrameRef>)>)wanted.Select(w => (w.x, s.ReadManifest(_jobId, w.Item2, w.Item3))).ToList(),
                r => new LeasesRead(r));
            Dispatch();
        });
    }

    private void OnLeasesRead(LeasesRead read)
    {
        var settings = _state.Settings;
        var gone = new List<IPersistedEvent>();
        foreach (var (l, frames) in read.Batches)
        {
            if (!_state.Leases.TryGetValue(l.BatchId, out var lease) || lease.WorkerId != l.WorkerId) continue; // released meanwhile
            if (_workers.TryGetValue(l.WorkerId, out var worker))
            {
                worker.Tell(new ProcessBatch(_jobId, _runId, l.BatchId, settings, frames));
                _messagesOut++;
            }
            else gone.Add(new BatchReleased(l.BatchId, $"worker {l.WorkerId} is gone")); // it left while its lease was being persisted
        }
        if (gone.Count > 0) PersistAll(gone, e => { ApplyEvent(e); Dispatch(); });
    }

    /// <summary>
    /// Before a released batch is leased again, asks the database whether its rows were committed after all (its
    /// worker died, or the coordinator restarted, between the commit and the report): those are recorded as completed
    /// instead of being processed again. Returns true when it asked (dispatch resumes with the answer).
    /// </summary>
    private bool ReconcileReleased()
    {
        var unchecked_ = _state.Released.Where(b => !_state.IsCompleted(b) && _checkedReleased.Add(b)).ToList();
        if (unchecked_.Count == 0) return false;
        _reconciling = true;
        Io("checking released batches", s => s.CommittedBatches(_jobId, unchecked_), c => new ReleasedChecked(c));
        return true;
    }

    private void OnReleasedChecked(ReleasedChecked r)
    {
        _reconciling = false;
        var committed = r.Committed.Where(b => !_state.IsCompleted(b)).Order().ToList();
        if (committed.Count == 0)
        {
            Dispatch();
            return;
        }
        _log.Info("job {JobId}: {Count} released batches were committed already; not processing them again", _jobId, committed.Count);
        var events = committed.SelectMany(b => _state.DecideCommitted(new BatchRowsCommitted(_jobId, b, _state.FramesIn(b), 0, 0), DateTimeOffset.UtcNow).Take(1)).ToList();
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
    }

    /// <summary>
    /// Batches and parts at the attempt limit: bisects those of several frames (persisted) and gives up single frames
    /// (one <c>errors</c> row, written off the actor's thread, then committed like any part). Returns true when it
    /// persisted bisections (dispatch resumes after them).
    /// </summary>
    private bool DecideExhausted()
    {
        var bisect = _state.DecideExhausted(_options.MaxBatchAttempts, out var giveUp);
        foreach (var id in giveUp.Where(_givingUp.Add)) GiveUp(id);
        if (bisect.Count == 0) return false;
        foreach (var b in bisect)
            _log.Warning("job {JobId}: {Batch} was leased {Attempts} times without being committed (last: {Reason}); bisecting it", _jobId,
                BatchParts.Describe(b.BatchId, _state.BatchSize), b.Attempts, b.Reason.Split('\n')[0]);
        var last = bisect[^1];
        _leasing = true;
        PersistAll(bisect, e =>
        {
            ApplyEvent(e);
            if (!ReferenceEquals(e, last)) return;
            _leasing = false;
            Dispatch();
        });
        return true;
    }

    /// <summary>Records a frame that failed alone at every attempt as one <c>errors</c> row (stage <c>batch</c>, type <c>attempts_exhausted</c>) and completes it.</summary>
    private void GiveUp(long id)
    {
        var attempts = _state.Attempts(id);
        var ending = (_state.LastEnding(id) ?? "no report").Split('\n')[0];
        var (first, count, runId) = (_state.FirstFrame(id), _state.FramesIn(id), _runId);
        _log.Error("job {JobId}: {Batch} failed alone {Attempts} times (last: {Reason}); recording it in errors and going on", _jobId,
            BatchParts.Describe(id, _state.BatchSize), attempts, ending);
        Io("recording a frame that keeps failing", s =>
        {
            var frames = s.ReadManifest(_jobId, first, count);
            var errors = frames.Select(fr => new ErrorRow(fr.Uri, fr.Page, fr.ImageId, "batch", AttemptsExhausted,
                $"{fr.Uri} (page {fr.Page}): leased {attempts} times and never committed; the last attempt ended: {ending}")).ToList();
            s.CommitBatch(_jobId, id, runId, [], [], errors);
            return errors.Count;
        }, n => new FrameGivenUp(id, n));
    }

    /// <summary>The <c>errors.error_type</c> of a frame given up after every attempt failed.</summary>
    public const string AttemptsExhausted = "attempts_exhausted";

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
        if (_state.IsCompleted(f.BatchId) || !_state.Leases.ContainsKey(f.BatchId)) return;
        _log.Warning("job {JobId}: {Batch} failed (attempt {Attempt} of {Max}): {Reason}", _jobId, BatchParts.Describe(f.BatchId, _state.BatchSize),
            _state.Attempts(f.BatchId), _options.MaxBatchAttempts, f.Reason);
        Persist(new BatchReleased(f.BatchId, f.Reason), e => { ApplyEvent(e); Dispatch(); });
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
        var runId = _runId;
        Io("recording the completion", s =>
        {
            s.CompleteJob(_jobId);
            if (runId > 0) s.EndRun(_jobId, runId, RunStatus.Completed);
        }, () => new FinishWritten());
    }

    private void OnFinishWritten()
    {
        if (_finishWritten) return;
        _finishWritten = true;
        _log.Info("job {JobId} completed: {Frames} frames; this run's coordinator messages: {In} received, {Out} sent ({PerFrame:0.00} per frame)",
            _jobId, _state.FrameCount, _messagesIn, _messagesOut, _state.FrameCount > 0 ? (_messagesIn + _messagesOut) / (double)_state.FrameCount : 0);
        _owner?.Tell(new JobCompleted(_jobId, DateTimeOffset.UtcNow));
    }
}
