namespace CellActors.Dashboard;

/// <summary>One cluster member working on a job.</summary>
/// <param name="Address">Akka address of the member.</param>
/// <param name="Roles">Its roles (detector, decoder...).</param>
/// <param name="BatchesInFlight">Batches leased to it and not yet committed.</param>
/// <param name="Capacity">Batches it may hold at once.</param>
/// <param name="FramesPerSecond">Its recent throughput.</param>
public sealed record MemberLoad(string Address, string Roles, int BatchesInFlight, int Capacity, double FramesPerSecond);
