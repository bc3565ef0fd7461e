namespace CellActors.Results;

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
