namespace CellActors.Dashboard;

/// <summary>
/// Control and live progress of jobs that run in this process (a cluster coordinator). The dashboard reads
/// everything else from the results database; this interface adds what only a live coordinator knows
/// (members and their load) and what only it can do (pause, resume, cancel).
/// </summary>
/// <remarks>
/// <para><c>cellactors serve</c> registers no implementation: it only reads a results database, so every job
/// control request answers 409 "no live job" (after the token check, which always comes first).</para>
/// <para>A cluster coordinator (<c>cellactors coordinator --http</c>) passes its implementation, <c>CoordinatorJobControl</c>
/// (src/Coordinator/Hosting), to the dashboard server:</para>
/// <code>
/// await DashboardHost.StartAsync(new DashboardHostOptions { Database = DashboardDatabase.For(target), Token = token, JobControl = control });
/// </code>
/// <para>(a host with its own <c>WebApplication</c> registers it with <c>services.AddSingleton&lt;IJobControl&gt;(control)</c>
/// next to <c>AddCellActorsDashboard</c> and <c>MapDashboard</c>).</para>
/// <para>Implementations must be thread-safe (requests run concurrently) and must not block: ask the actor
/// with a timeout and map its answer to a <see cref="JobControlOutcome"/>.</para>
/// </remarks>
public interface IJobControl
{
    /// <summary>Whether <paramref name="job"/> is running (or paused) under this process's control.</summary>
    bool IsLive(string job);

    /// <summary>Live state of a job this process controls, or null when it does not control it.</summary>
    LiveJobState? Live(string job);

    /// <summary>Stops leasing new batches; batches in flight finish and commit.</summary>
    Task<JobControlOutcome> PauseAsync(string job, CancellationToken cancellationToken);

    /// <summary>Leases batches again after <see cref="PauseAsync"/>.</summary>
    Task<JobControlOutcome> ResumeAsync(string job, CancellationToken cancellationToken);

    /// <summary>Stops the job: no new leases, batches in flight are abandoned (they are leased again if the job is resumed by a new run).</summary>
    Task<JobControlOutcome> CancelAsync(string job, CancellationToken cancellationToken);
}
