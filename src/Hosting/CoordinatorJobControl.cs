using System.Collections.Frozen;
using Akka.Actor;
using Akka.Cluster;
using CellActors.Cluster;
using CellActors.Dashboard;
using CellActors.Messages;

namespace CellActors.Hosting;

/// <summary>
/// The dashboard's job control on a coordinator node: pause, resume and cancel are the console commands' messages,
/// asked of the job manager singleton through its proxy (with a timeout). The live view (open jobs, their state and
/// load per cluster member) is refreshed every second in the background, so <see cref="IsLive"/> and
/// <see cref="Live"/> answer from memory and never block a request; members come from the cluster state, load from
/// the manager's <see cref="GetJobLoad"/>.
/// </summary>
public sealed class CoordinatorJobControl : IJobControl, IAsyncDisposable
{
    private readonly IActorRef _manager;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly TimeSpan _askTimeout;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile FrozenDictionary<string, JobLoad> _live = FrozenDictionary<string, JobLoad>.Empty;

    /// <summary>Starts refreshing the live view every <paramref name="refresh"/> (default 1 s).</summary>
    /// <param name="system">The coordinator node's actor system (its cluster membership is shown).</param>
    /// <param name="manager">The job manager singleton's proxy.</param>
    /// <param name="refresh">How often the live view is refreshed.</param>
    /// <param name="askTimeout">How long a request waits for the manager (default 10 s).</param>
    public CoordinatorJobControl(ActorSystem system, IActorRef manager, TimeSpan? refresh = null, TimeSpan? askTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        _manager = manager ?? throw new ArgumentNullException(nameof(manager));
        _cluster = Akka.Cluster.Cluster.Get(system);
        _askTimeout = askTimeout ?? TimeSpan.FromSeconds(10);
        _loop = RefreshLoop(refresh ?? TimeSpan.FromSeconds(1), _stop.Token);
    }

    /// <summary>When the live view was last refreshed (UTC); null before the manager first answered.</summary>
    public DateTimeOffset? RefreshedAt { get; private set; }

    /// <inheritdoc />
    public bool IsLive(string job) => _live.ContainsKey(job);

    /// <inheritdoc />
    public LiveJobState? Live(string job) => _live.TryGetValue(job, out var load) ? new LiveJobState(load.State.StoredName(), Members(load)) : null;

    /// <inheritdoc />
    public Task<JobControlOutcome> PauseAsync(string job, CancellationToken cancellationToken) => ControlAsync(new PauseJob(job), job, "paused", cancellationToken);

    /// <inheritdoc />
    public Task<JobControlOutcome> ResumeAsync(string job, CancellationToken cancellationToken) => ControlAsync(new ResumeJob(job), job, "resumed", cancellationToken);

    /// <inheritdoc />
    public Task<JobControlOutcome> CancelAsync(string job, CancellationToken cancellationToken) => ControlAsync(new CancelJob(job), job, "cancelled", cancellationToken);

    /// <summary>
    /// Every cluster member (consoles are not members), by address, with the load of its detectors on
    /// <paramref name="load"/>'s job (batches held, capacity, frames per second summed over the node's detectors).
    /// </summary>
    private List<MemberLoad> Members(JobLoad load)
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var byNode = load.Workers.ToLookup(w => w.Address, StringComparer.Ordinal);
        return state.Members
            .Where(m => m.Status != MemberStatus.Removed)
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m =>
            {
                var address = m.Address.ToString();
                var workers = byNode[address].ToList();
                var roles = string.Join(',', m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
                if (m.Status != MemberStatus.Up) roles += $" ({m.Status.ToString().ToLowerInvariant()})";
                if (unreachable.Contains(m.Address)) roles += " (unreachable)";
                return new MemberLoad(address, roles, workers.Sum(w => w.BatchesInFlight), workers.Sum(w => w.Capacity), Math.Round(workers.Sum(w => w.FramesPerSecond), 2));
            })
            .ToList();
    }

    private async Task<JobControlOutcome> ControlAsync(ICommand command, string job, string done, CancellationToken ct)
    {
        object answer;
        try
        {
            answer = await _manager.Ask<object>(command, _askTimeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new JobControlOutcome(false, State(job), $"the coordinator did not answer within {_askTimeout.TotalSeconds:0} s");
        }
        await RefreshAsync(ct).ConfigureAwait(false);
        return answer switch
        {
            JobStatus s => new JobControlOutcome(true, s.State.StoredName(), $"job '{job}' {done}"),
            JobCommandRefused r => new JobControlOutcome(false, State(job), r.Reason),
            _ => new JobControlOutcome(false, State(job), $"unexpected answer from the coordinator: {answer.GetType().Name}"),
        };
    }

    private string State(string job) => (_live.TryGetValue(job, out var l) ? l.State : JobPhase.Unknown).StoredName();

    /// <summary>Asks the manager for the open jobs and their load, and replaces the live view (kept as it was when the manager does not answer).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (await _manager.Ask<object>(new ListJobs(false), _askTimeout, ct).ConfigureAwait(false) is not JobList jobs) return;
            var live = new Dictionary<string, JobLoad>(StringComparer.Ordinal);
            foreach (var j in jobs.Jobs)
                if (await _manager.Ask<object>(new GetJobLoad(j.JobId), _askTimeout, ct).ConfigureAwait(false) is JobLoad load && load.State is JobPhase.Running or JobPhase.Queued or JobPhase.Paused)
                    live[j.JobId] = load;
            _live = live.ToFrozenDictionary(StringComparer.Ordinal);
            RefreshedAt = DateTimeOffset.UtcNow;
        }
        catch (AskTimeoutException)
        {
            // the singleton is moving or its node is unreachable: keep the last view until it answers again
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task RefreshLoop(TimeSpan every, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(ct).ConfigureAwait(false);
                await Task.Delay(every, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Stops refreshing.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _refreshing.Dispose();
    }
}
