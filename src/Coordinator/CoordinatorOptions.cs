namespace CellActors.Coordinator;

/// <summary>Coordinator tuning.</summary>
/// <param name="MaxInFlight">Global cap on batches leased and not yet committed: bounds memory whatever the job size.</param>
/// <param name="LeaseTimeout">A lease older than this is given up and its batch sent again.</param>
/// <param name="SnapshotEvery">Snapshot the state every N persisted events.</param>
/// <param name="MaxBatchAttempts">A batch failing this many times is recorded in <c>errors</c> frame by frame and the job goes on.</param>
public sealed record CoordinatorOptions(int MaxInFlight = 8, TimeSpan? LeaseTimeout = null, int SnapshotEvery = 500, int MaxBatchAttempts = 3)
{
    /// <summary>Lease timeout, default 10 minutes.</summary>
    public TimeSpan Lease => LeaseTimeout ?? TimeSpan.FromMinutes(10);
}
