namespace CellActors.Inference;

/// <summary>The activation turning a model's output into probabilities.</summary>
public enum OutputActivation
{
    /// <summary>The output already holds probabilities.</summary>
    None,

    /// <summary>Softmax over the channel axis (logits of mutually exclusive classes).</summary>
    Softmax,

    /// <summary>Logistic sigmoid per value.</summary>
    Sigmoid,
}
