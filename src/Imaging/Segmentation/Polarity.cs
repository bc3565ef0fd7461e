namespace CellActors.Imaging;

/// <summary>Whether objects are bright on dark (fluorescence) or dark on bright (brightfield/histology).</summary>
public enum Polarity
{
    /// <summary>Objects are brighter than the background.</summary>
    BrightObjects,

    /// <summary>Objects are darker than the background (the image is inverted first).</summary>
    DarkObjects,

    /// <summary>Decide per image: when the median pixel lies above the global threshold the background is bright and the image is inverted.</summary>
    Auto,
}
