using CellActors.GpuWorker;

namespace CellActors.Cli;

/// <summary>One key of a pipeline file (<see cref="PipelineFile"/>): its dotted name, its type, whether it may be null, and what it means.</summary>
/// <param name="Key">Dotted key, e.g. <c>denoise.kernel_size</c>, <c>model.object_size.diameter</c>.</param>
/// <param name="Type">Type and range; null: any text.</param>
/// <param name="Nullable">True when <c>null</c> is a value (the file's metadata is used, for instance).</param>
/// <param name="Help">What it means (the comment <c>config show</c> writes above it).</param>
public sealed record PipelineKey(string Key, ParameterType? Type, bool Nullable, string Help)
{
    /// <summary>What values are accepted, in words.</summary>
    public string Accepted => (Type?.Accepted ?? "a text") + (Nullable ? ", or null" : "");
}
