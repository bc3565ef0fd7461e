namespace CellActors.Messages;

/// <summary>One detector's load in a <see cref="JobLoad"/>.</summary>
/// <param name="WorkerId">The detector (as in <see cref="RequestWork"/>).</param>
/// <param name="Address">Its node's address (<c>akka.tcp://cellactors@host:port</c>).</param>
/// <param name="BatchesInFlight">Batches of the job leased to it and not yet committed.</param>
/// <param name="Capacity">Batches it holds at most (the most it ever asked for at once).</param>
/// <param name="FramesPerSecond">Frames of its batches committed per second over the last 30 s.</param>
public sealed record WorkerLoad(string WorkerId, string Address, int BatchesInFlight, int Capacity, double FramesPerSecond);
