namespace CellActors.Inference;

/// <summary>
/// Test-time augmentation: the model sees each frame several times, flipped (and turned), and the probabilities,
/// each brought back to the frame's orientation, are averaged. Costs as many model passes as <see cref="TestTimeAugmentations.Passes"/>.
/// </summary>
public enum TestTimeAugmentation
{
    /// <summary>One pass (the default).</summary>
    None,

    /// <summary>Four passes: as is, flipped left-right, flipped up-down, and both.</summary>
    Flips,

    /// <summary>Eight passes: the four flips, each also transposed (all flips and 90° turns).</summary>
    FlipsAndTurns,
}
