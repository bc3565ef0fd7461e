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

/// <summary>One annotated ground-truth image (a frame, or one z-slice of a volume) as stored in <c>gt_frames</c>.</summary>
/// <param name="Source"><c>SEG</c> (segmentation masks, <c>man_seg</c>) or <c>TRA</c> (tracking markers, <c>man_track</c>).</param>
/// <param name="ImageId">The id the pipeline gives the raw frame it annotates (<c>{dataset}/{sequence}/t{T:D4}</c>, plus <c>/z{Z:D4}</c> for 3D).</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Sequence">Sequence name (<c>01</c>).</param>
/// <param name="T">Time point.</param>
/// <param name="Z">Slice (0 for 2D).</param>
/// <param name="Height">Rows: the shape the RLE of its objects decodes with.</param>
/// <param name="Width">Columns.</param>
/// <param name="ObjectCount">Objects (labels present).</param>
/// <param name="Uri">The ground-truth file.</param>
/// <param name="Page">Page of that file.</param>
public sealed record GtFrameRow(string Source, string ImageId, string Dataset, string Sequence, int T, int Z, int Height, int Width, int ObjectCount, string Uri, int Page);

/// <summary>One ground-truth object (<c>gt_objects</c>): its label in the GT file, measurements and full-length RLE (column-major, 1-based).</summary>
public sealed record GtObjectRow(int Label, long Area, double CentroidX, double CentroidY, int BboxX, int BboxY, int BboxWidth, int BboxHeight, string Rle);

/// <summary>One ground-truth track (<c>gt_tracks</c>), the <c>L B E P</c> of <c>man_track.txt</c>; a parent of 0 is stored as NULL.</summary>
public sealed record GtTrackRow(int Label, int TStart, int TEnd, int? ParentLabel);

/// <summary>What one ground-truth import wrote (<c>gt_imports</c>).</summary>
public sealed record GtImportRecord(string Job, string Source, string Dataset, string Sequence, int SegFrames, int TraFrames, long SegObjects, long TraObjects, int Tracks);
