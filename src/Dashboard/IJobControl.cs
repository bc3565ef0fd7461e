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

/// <summary>What a live coordinator reports about a job: its state and the cluster members working on it.</summary>
/// <param name="State">running, paused, cancelling...</param>
/// <param name="Members">Workers and their load.</param>
public sealed record LiveJobState(string State, IReadOnlyList<MemberLoad> Members);

/// <summary>One cluster member working on a job.</summary>
/// <param name="Address">Akka address of the member.</param>
/// <param name="Roles">Its roles (detector, decoder...).</param>
/// <param name="BatchesInFlight">Batches leased to it and not yet committed.</param>
/// <param name="Capacity">Batches it may hold at once.</param>
/// <param name="FramesPerSecond">Its recent throughput.</param>
public sealed record MemberLoad(string Address, string Roles, int BatchesInFlight, int Capacity, double FramesPerSecond);

/// <summary>The answer to a job control request.</summary>
/// <param name="Accepted">False when the request does not apply (e.g. resuming a job that is not paused).</param>
/// <param name="State">The job's state after the request.</param>
/// <param name="Message">What happened, for a person.</param>
public sealed record JobControlOutcome(bool Accepted, string State, string Message);
