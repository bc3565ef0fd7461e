namespace CellActors.Dashboard.Data;

/// <summary>Throughput in one time bucket: unix time (s) of the bucket's end, frames/s in it, frames done by then.</summary>
public sealed record ThroughputPoint(double Time, double FramesPerSecond, long FramesDone);
