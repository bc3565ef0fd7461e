using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using CellActors.Messages;
using CellActors.Results;

namespace CellActors.Coordinator;

/// <summary>
/// The cluster's job manager: a cluster singleton (role <c>coordinator</c>, PersistenceId <c>job-manager</c>) that
/// owns one <see cref="JobCoordinator"/> child per job. It persists which jobs were submitted, paused, cancelled
/// and finished (decisions in <see cref="JobQueueState"/>), so a restarted or moved singleton resumes every open
/// job. Workers' <see cref="RequestWork"/> (through the singleton proxy) is forwarded to the active job's
/// coordinator, which leases against it and watches the workers; the manager watches workers too, acknowledges
/// each one once (<see cref="WorkerRegistered"/>: the worker watches the manager and announces its capacity again
/// when the manager dies) and asks them to announce their capacity again whenever the active job changes.
/// <see cref="GetJobLoad"/> answers with the detectors it knows and their capacity, completed by the job's coordinator
/// with the batches each holds and its throughput (the dashboard's live view).
/// <para>Each job's coordinator runs under a backoff supervisor (<see cref="JobCoordinator.Supervised"/>): after a
/// failure (a journal outage) it is started again until its journal replays, tells the manager
/// (<see cref="JobCoordinator.Recovered"/>), and the manager resumes it (its <see cref="StartJob"/>, <see cref="PauseJob"/>
/// when paused) and asks the workers for their capacity again. The manager itself runs under one too
/// (<see cref="Supervised"/>). No database call runs on its thread: <see cref="GetJobStatus"/> and <see cref="ListJobs"/>
/// read the results database on a task and the answer goes straight to the asker.</para>
/// </summary>
public sealed class JobManager : ReceivePersistentActor
{
    private readonly ResultStore _store;
    private readonly CoordinatorOptions _options;
    private readonly JobQueueState _state = new();
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _workers = new();
    private readonly Dictionary<IActorRef, string> _providers = new();
    private readonly Dictionary<string, int> _capacity = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string? _active;

    private sealed record StartAnswered(StartJob Command, IActorRef? Client, object Answer);

    /// <summary>The persistence id of the (single) job manager.</summary>
    public const string Id = "job-manager";

    /// <inheritdoc />
    public override string PersistenceId => Id;

    /// <summary>Props for the job manager.</summary>
    public static Props Props(ResultStore store, CoordinatorOptions? options = null) =>
        Akka.Actor.Props.Create(() => new JobManager(store, options ?? new CoordinatorOptions()));

    /// <summary>
    /// The job manager under a backoff supervisor: when its journal fails it stops (and its coordinators with it), and
    /// it is started again after 1 s, doubling up to 30 s, until its journal replays; it then resumes every open job.
    /// </summary>
    public static Props Supervised(ResultStore store, CoordinatorOptions? options = null) =>
        BackoffSupervisor.Props(Backoff.OnStop(Props(store, options), "manager", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1).WithDefaultStoppingStrategy());

    /// <summary>Creates the manager; its jobs are recovered from the journal.</summary>
    public JobManager(ResultStore store, CoordinatorOptions options)
    {
        _store = store;
        _options = options;

        Recover<IPersistedEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            ResumeOpenJobs();
            AskDetectorsToAnnounce();
        });

        Command<StartJob>(OnSubmit);
        Command<StartAnswered>(OnStartAnswered);
        Command<RequestWork>(w =>
        {
            Register(Sender, w.WorkerId);
            if (w.Provider is not null) _providers[Sender] = w.Provider;
            _capacity[w.WorkerId] = Math.Max(_capacity.GetValueOrDefault(w.WorkerId), w.Slots);
            if (_active is not null && _children.TryGetValue(_active, out var child)) child.Forward(w);
        });
        Command<BatchRowsCommitted>(c => ForwardToJob(c.JobId, c));
        Command<BatchFailed>(f => ForwardToJob(f.JobId, f));
        Command<GetJobProgress>(q =>
        {
            if (_children.TryGetValue(q.JobId, out var child)) child.Forward(q);
            else Sender.Tell(new JobCommandRefused(q.JobId, $"no open job '{q.JobId}'"));
        });
        Command<GetJobStatus>(q =>
        {
            if (_state.Find(q.JobId) is null)
            {
                Sender.Tell(new JobCommandRefused(q.JobId, $"no job '{q.JobId}' (see `cellactors list`)"));
                return;
            }
            var known = Known([q.JobId]);
            var store = _store;
            Task.Run(() => (object)StatusOf(known[0], store))
                .PipeTo(Sender, failure: e => new JobCommandRefused(q.JobId, $"the results database did not answer: {Inner(e).Message}"));
        });
        Command<ListJobs>(q =>
        {
            var known = Known(_state.Jobs.Where(j => q.IncludeFinished || j.Open).Select(j => j.JobId));
            var store = _store;
            Task.Run(() => (object)new JobList(known.Select(k => StatusOf(k, store)).ToList()))
                .PipeTo(Sender, failure: e => new JobCommandRefused("", $"the results database did not answer: {Inner(e).Message}"));
        });
        Command<JobCoordinator.Recovered>(OnCoordinatorRecovered);
        Command<GetCoordinatorInfo>(_ => Sender.Tell(new CoordinatorInfo(
            Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString(), _active, _workers.Count, _workers.Values.Order(StringComparer.Ordinal).ToList(),
            _workers.OrderBy(w => w.Value, StringComparer.Ordinal).Select(w => Provider(w.Key)).ToList())));
        Command<GetJobLoad>(OnGetLoad);
        Command<PauseJob>(c => Control(c, c.JobId));
        Command<ResumeJob>(c => Control(c, c.JobId));
        Command<CancelJob>(c => Control(c, c.JobId));
        Command<JobCompleted>(c =>
        {
            if (_state.Find(c.JobId) is not { Open: true }) return;
            Persist(new JobFinished(c.JobId, DateTimeOffset.UtcNow), e =>
            {
                _state.Apply(e);
                _log.Info("job {JobId} finished", c.JobId);
                UpdateActive();
            });
        });
        Command<JobProgress>(_ => { });
        Command<JobAccepted>(_ => { });
        Command<JobRejected>(r => _log.Error("job {JobId} could not be resumed: {Reason}", r.JobId, r.Reason));
        Command<Terminated>(t =>
        {
            _providers.Remove(t.ActorRef);
            if (_workers.Remove(t.ActorRef, out var id))
            {
                _capacity.Remove(id);
                _log.Info("worker {Worker} left", id);
            }
            foreach (var (job, child) in _children.Where(c => c.Value.Equals(t.ActorRef)).ToList()) _children.Remove(job);
        });
    }

    private void Register(IActorRef worker, string workerId)
    {
        if (_workers.ContainsKey(worker)) return;
        _workers[worker] = workerId;
        Context.Watch(worker);
        worker.Tell(new WorkerRegistered(Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString()));
        _log.Info("worker {Worker} registered ({Count} workers)", workerId, _workers.Count);
    }

    /// <summary>The detectors known with their capacity; the job's coordinator adds its leases and throughput (and answers).</summary>
    private void OnGetLoad(GetJobLoad q)
    {
        if (_state.Find(q.JobId) is null)
        {
            Sender.Tell(new JobCommandRefused(q.JobId, $"no job '{q.JobId}' (see `cellactors list`)"));
            return;
        }
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        var workers = _workers
            .Select(w => new WorkerLoad(w.Value, (w.Key.Path.Address.HasLocalScope ? self : w.Key.Path.Address).ToString(), 0, _capacity.GetValueOrDefault(w.Value), 0))
            .OrderBy(w => w.WorkerId, StringComparer.Ordinal)
            .ToList();
        var load = new JobLoad(q.JobId, _state.DisplayState(q.JobId), workers);
        if (_children.TryGetValue(q.JobId, out var child)) child.Forward(new JobCoordinator.LoadQuery(load));
        else Sender.Tell(load);
    }

    private void ForwardToJob(string jobId, object message)
    {
        if (_children.TryGetValue(jobId, out var child)) child.Forward(message);
    }

    private IActorRef Child(StartJob cmd)
    {
        if (_children.TryGetValue(cmd.JobId, out var child)) return child;
        child = Context.ActorOf(JobCoordinator.Supervised(cmd.JobId, _store, _options, Self), "job-" + Uri.EscapeDataString(cmd.JobId));
        Context.Watch(child);
        _children[cmd.JobId] = child;
        return child;
    }

    /// <summary>
    /// Asks every detector of the cluster's members (<c>/user/detector-*</c>) to announce its capacity: after a restart
    /// (its supervisor started it again after a journal failure, or a recovery that timed out) the manager knows no
    /// worker, and detectors whose requests reached the manager that failed were never acknowledged, so they would
    /// not announce again by themselves.
    /// </summary>
    private void AskDetectorsToAnnounce()
    {
        foreach (var m in Akka.Cluster.Cluster.Get(Context.System).State.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up))
            Context.ActorSelection(new RootActorPath(m.Address) / "user" / "detector-*").Tell(new AnnounceCapacity("the job manager started"));
    }

    private void ResumeOpenJobs()
    {
        foreach (var job in _state.Jobs.Where(j => j.Open))
        {
            Child(job.Command); // replays its journal, then tells Recovered: OnCoordinatorRecovered resumes it
            _log.Info("resuming job {JobId} ({State})", job.JobId, job.State.StoredName());
        }
        UpdateActive();
    }

    /// <summary>
    /// A job's coordinator has replayed its journal (at its start, or after its supervisor started it again after a
    /// failure): an open job is resumed (and paused again when it is paused), and the workers announce their capacity
    /// again, since the demand they announced went with the coordinator that failed. A job being submitted is started by
    /// its submission instead.
    /// </summary>
    private void OnCoordinatorRecovered(JobCoordinator.Recovered r)
    {
        if (_state.Find(r.JobId) is not { Open: true } job || !_children.TryGetValue(r.JobId, out var child)) return;
        child.Tell(job.Command); // resumes: the coordinator reconciles its journal with the database
        if (job.State == JobPhase.Paused) child.Tell(new PauseJob(job.JobId));
        if (_active == r.JobId)
            foreach (var w in _workers.Keys) w.Tell(new AnnounceCapacity($"the coordinator of job {r.JobId} started again"));
    }

    private void OnSubmit(StartJob cmd)
    {
        var known = _state.Find(cmd.JobId);
        if (known is { State: JobPhase.Cancelled })
        {
            Sender.Tell(new JobRejected(cmd.JobId, $"job '{cmd.JobId}' was cancelled; submit it under another --job name"));
            return;
        }
        var client = Sender;
        var child = Child(cmd);
        // Discovery of a large source can take minutes: the answer comes back as a message, the manager stays responsive.
        child.Ask<object>(cmd, TimeSpan.FromHours(2)).PipeTo(Self, success: a => new StartAnswered(cmd, client, a), failure: e => new StartAnswered(cmd, client, new Status.Failure(e)));
    }

    private void OnStartAnswered(StartAnswered a)
    {
        var cmd = a.Command;
        switch (a.Answer)
        {
            case JobAccepted accepted when _state.Find(cmd.JobId) is null:
                Persist(new JobSubmitted(cmd, DateTimeOffset.UtcNow), e =>
                {
                    _state.Apply(e);
                    _log.Info("job {JobId} submitted: {Frames} frames from {Source}", cmd.JobId, accepted.FrameCount, cmd.Source);
                    a.Client?.Tell(accepted);
                    UpdateActive();
                    if (accepted.FramesDone == accepted.FrameCount && accepted.Resumed) Self.Tell(new JobCompleted(cmd.JobId, DateTimeOffset.UtcNow));
                });
                break;
            case JobAccepted accepted:
                a.Client?.Tell(accepted);
                break;
            case JobRejected rejected:
                if (_state.Find(cmd.JobId) is null && _children.Remove(cmd.JobId, out var child)) Context.Stop(child);
                a.Client?.Tell(rejected);
                break;
            default:
                a.Client?.Tell(new JobRejected(cmd.JobId, $"the job's coordinator did not answer: {a.Answer}"));
                break;
        }
    }

    private void Control(ICommand command, string jobId)
    {
        var (ev, refusal) = _state.DecideControl(command, DateTimeOffset.UtcNow);
        if (ev is null)
        {
            Sender.Tell(new JobCommandRefused(jobId, refusal!));
            return;
        }
        var client = Sender;
        Persist(ev, e =>
        {
            _state.Apply(e);
            var job = _state.Find(jobId)!;
            var child = Child(job.Command);
            if (e is JobResumed) child.Tell(job.Command); // a coordinator stopped by an earlier failure starts again
            child.Tell(command);
            if (e is JobCancelled) _children.Remove(jobId);
            _log.Info("job {JobId}: {Command}", jobId, command.GetType().Name);
            var known = Known([jobId]);
            var store = _store;
            Task.Run(() => (object)StatusOf(known[0], store))
                .PipeTo(client, failure: ex => new JobCommandRefused(jobId, $"done, but the results database did not answer: {Inner(ex).Message}"));
            UpdateActive();
        });
    }

    private void UpdateActive()
    {
        var active = _state.Active;
        if (active == _active) return;
        _active = active;
        if (active is null) return;
        _log.Info("active job: {JobId}; asking {Count} workers for their capacity", active, _workers.Count);
        foreach (var w in _workers.Keys) w.Tell(new AnnounceCapacity($"job {active} is active"));
    }

    /// <summary>What a status answer needs from the manager's state, taken on its thread (the database is read after, off it).</summary>
    private sealed record KnownJob(string JobId, JobPhase State, StartJob Command, IReadOnlyList<string> Detectors);

    private List<KnownJob> Known(IEnumerable<string> jobIds)
    {
        var detectors = _workers.OrderBy(w => w.Value, StringComparer.Ordinal).Select(w => Provider(w.Key)).ToList();
        return jobIds.Select(id => new KnownJob(id, _state.DisplayState(id), _state.Find(id)!.Command, detectors)).ToList();
    }

    /// <summary>A job's status: its state from the manager, its counts from the results database (called off the actor's thread).</summary>
    private static JobStatus StatusOf(KnownJob k, ResultStore store)
    {
        var s = store.GetStatus(k.JobId);
        return new JobStatus(k.JobId, k.State, k.Command.Source, s?.FrameCount ?? 0, s?.FramesDone ?? 0, s?.FramesWithCells ?? 0,
            s?.Objects ?? 0, s?.Errors ?? 0, s?.FramesPerSecond ?? 0, s?.Runs ?? 0, k.Detectors, k.Command.Settings.Segmentation);
    }

    private static Exception Inner(Exception e) => e is AggregateException { InnerException: { } inner } ? inner : e;

    /// <summary>A detector's provider as it reported it (<c>cpu</c>, <c>cuda:N</c>); <c>unknown</c> for detectors that predate the field.</summary>
    private string Provider(IActorRef worker) => _providers.GetValueOrDefault(worker, "unknown");
}
