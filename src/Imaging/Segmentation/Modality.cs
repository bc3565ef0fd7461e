namespace CellActors.Imaging;

/// <summary>How a frame was imaged, as far as its pixels tell.</summary>
public enum Modality
{
    /// <summary>Bright objects on a dark background (fluorescence, and anything else that looks like it).</summary>
    Fluorescence,

    /// <summary>Dark objects on a bright background (brightfield, stained tissue).</summary>
    Brightfield,

    /// <summary>Objects both brighter and darker than a mid-grey background (DIC relief, phase-contrast halos).</summary>
    Relief,
}
