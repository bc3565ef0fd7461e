namespace CellActors.Inference;

/// <summary>Whether a frame's polarity is changed before a model sees it (<c>model.json</c> <c>input.polarity</c>).</summary>
public enum InputPolarity
{
    /// <summary>The frame enters as it is (<c>"as_is"</c>, the default).</summary>
    AsIs,

    /// <summary>
    /// Decided per frame from its pixels (<c>"auto"</c>): a frame whose background is bright
    /// (<see cref="CellActors.Imaging.Appearance.Inverted"/>: brightfield, stained tissue) is inverted, so the model
    /// always sees bright objects on a dark background, as it was trained.
    /// </summary>
    Auto,
}
