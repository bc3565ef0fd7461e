namespace CellActors.Messages;

/// <summary>
/// Asks the job manager for a job's live load: its state and, for every detector it knows, the job's batches the
/// detector holds, its capacity and its recent throughput (what the dashboard shows per cluster member).
/// </summary>
public sealed record GetJobLoad(string JobId) : IQuery;
