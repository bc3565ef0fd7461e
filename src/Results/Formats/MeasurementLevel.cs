namespace CellActors.Results.Formats;

/// <summary>The table a measurement export reads: one row per object, per frame or per track.</summary>
public enum MeasurementLevel
{
    /// <summary><c>objects</c>, with <c>object_intensities</c> pivoted per channel.</summary>
    Objects,

    /// <summary><c>frames</c>, with <c>frame_intensities</c> pivoted per channel.</summary>
    Frames,

    /// <summary><c>tracks</c>.</summary>
    Tracks,
}
