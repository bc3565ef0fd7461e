namespace CellActors.Dashboard.Data;

/// <summary>Progress of one job, as on the jobs page.</summary>
public sealed record JobSummary(
    string Job, string Source, string Status, long FrameCount, long FramesDone, long FramesWithCells, long Objects, long Errors,
    double FramesPerSecond, double RecentFramesPerSecond, double? EtaSeconds, int Runs, string CreatedAt, string? CompletedAt,
    string? LastCommitAt, bool Live);

/// <summary>A job with its runs, throughput over time, sequences and (under a coordinator) live state.</summary>
public sealed record JobDetail(JobSummary Summary, IReadOnlyList<RunInfo> Runs, IReadOnlyList<ThroughputPoint> Throughput,
    IReadOnlyList<SequenceInfo> Sequences, LiveJobState? Live);

/// <summary>One process run of a job.</summary>
public sealed record RunInfo(int RunId, string StartedAt, string? EndedAt, long CommittedAtStart, long FramesProcessed, string Status, double FramesPerSecond);

/// <summary>Throughput in one time bucket: unix time (s) of the bucket's end, frames/s in it, frames done by then.</summary>
public sealed record ThroughputPoint(double Time, double FramesPerSecond, long FramesDone);

/// <summary>A (dataset, sequence) of a job: frames, time range, z slices per time point, cells.</summary>
public sealed record SequenceInfo(string Dataset, string Sequence, long Frames, int TMin, int TMax, int ZCount, long Cells);

/// <summary>One time point of a sequence (summed over z for 3D stacks).</summary>
public sealed record TimePoint(int T, int Frames, long CellCount, double MeanCellArea, double CellRatio);

/// <summary>Cell count, mean cell area and cell ratio over t.</summary>
public sealed record TimeSeries(string Dataset, string Sequence, IReadOnlyList<TimePoint> Points);

/// <summary>Histogram of a measurement: <see cref="Bins"/> counts over [min, max] in equal widths.</summary>
public sealed record Histogram(string Measure, long Count, double Min, double Max, double BinWidth, IReadOnlyList<long> Bins);

/// <summary>One frame of a sequence in the viewer's list.</summary>
public sealed record FrameEntry(string ImageId, int T, int Z, int CellCount);

/// <summary>A frame's row of <c>frames</c>.</summary>
public sealed record FrameInfo(string ImageId, string Dataset, string Sequence, int T, int Z, int Height, int Width,
    int CellCount, long CellArea, long TotalArea, double CellRatio, double IntensityMean, double IntensityMin, double IntensityMax,
    double IntensityStd, string Uri, int Page);

/// <summary>A page of a table: column names and rows of values in that order.</summary>
public sealed record TablePage(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, long Total, int Page, int Size);

/// <summary>A page of items.</summary>
public sealed record ItemPage<T>(IReadOnlyList<T> Items, long Total, int Page, int Size);

/// <summary>One object (cell) with its frame coordinates and its track, as shown when a cell is clicked.</summary>
public sealed record CellDetail(IReadOnlyDictionary<string, object?> Values, int RleLength, TrackInfo? Track);

/// <summary>A row of <c>tracks</c> (CTC <c>L B E P</c>: parent 0 or null means none).</summary>
public sealed record TrackInfo(long TrackId, string Sequence, int TStart, int TEnd, long? ParentTrackId, int Children);

/// <summary>A descendant of a track, at <see cref="Depth"/> generations below it.</summary>
public sealed record Descendant(TrackInfo Track, int Depth);

/// <summary>An object of a track at one time point.</summary>
public sealed record TrackPoint(int T, int Z, string ImageId, int Label, long Area, double CentroidX, double CentroidY);

/// <summary>A track, its ancestors (root first), its descendants (breadth first, capped) and its objects over t.</summary>
public sealed record Lineage(TrackInfo Track, IReadOnlyList<TrackInfo> Ancestors, IReadOnlyList<Descendant> Descendants, bool Truncated,
    IReadOnlyList<TrackPoint> Points);

/// <summary>An input that could not be processed.</summary>
public sealed record ErrorInfo(string Uri, int Page, string? ImageId, string Stage, string ErrorType, string Message, string At);

/// <summary>An error answer (also the body of every 4xx).</summary>
public sealed record ApiError(string Error);
