namespace CellActors.Dashboard.Data;

/// <summary>A job with its runs, throughput over time, sequences and (under a coordinator) live state.</summary>
public sealed record JobDetail(JobSummary Summary, IReadOnlyList<RunInfo> Runs, IReadOnlyList<ThroughputPoint> Throughput,
    IReadOnlyList<SequenceInfo> Sequences, LiveJobState? Live);
