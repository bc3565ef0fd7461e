namespace CellActors.Results;

/// <summary>A job as stored in <c>jobs</c>.</summary>
public sealed record JobRecord(string Job, string Source, string Fingerprint, long FrameCount, int BatchSize, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>One row of <c>frames</c> (results contract).</summary>
public sealed record FrameRow(
    string ImageId, string Dataset, string Sequence, int T, int Z, int Height, int Width,
    int CellCount, long CellArea, long TotalArea, double CellRatio,
    double IntensityMean, double IntensityMin, double IntensityMax, double IntensityStd,
    string Uri, int Page);

/// <summary>One row of <c>objects</c> (results contract). <see cref="Rle"/> is never truncated.</summary>
public sealed record ObjectRow(
    string ImageId, int Label, long Area, double CentroidX, double CentroidY,
    int BboxX, int BboxY, int BboxWidth, int BboxHeight,
    double IntensityMean, double IntensityMin, double IntensityMax, double IntensitySum,
    double Perimeter, double Eccentricity, double Solidity, double EquivalentDiameter,
    int ClassId, double Score, string Rle);

/// <summary>One row of <c>errors</c>: an input that could not be processed.</summary>
public sealed record ErrorRow(string Uri, int Page, string? ImageId, string Stage, string ErrorType, string Message);

/// <summary>What <c>cellactors status</c> prints.</summary>
public sealed record JobStatusReport(
    string Job, string Source, string Status, long FrameCount, long FramesDone, long FramesWithCells,
    long Objects, long Errors, double FramesPerSecond, TimeSpan? TimeLeft, int Runs, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>One processing run (process lifetime) of a job, for auditing resume: frames committed when it started and frames it processed.</summary>
public sealed record RunRecord(int RunId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, long CommittedAtStart, long FramesProcessed, string Status);
