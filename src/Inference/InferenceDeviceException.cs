namespace CellActors.Inference;

/// <summary>A device that cannot run models here: the message names what is missing.</summary>
public sealed class InferenceDeviceException(string message, Exception? inner = null) : Exception(message, inner);
