using System.Globalization;

namespace CellActors.Inference;

/// <summary>Where a model runs: the CPU, or one CUDA device by id. Written <c>cpu</c> or <c>cuda:N</c>.</summary>
/// <param name="CudaDeviceId">The CUDA device id, or null for the CPU.</param>
public readonly record struct InferenceDevice(int? CudaDeviceId)
{
    /// <summary>The CPU.</summary>
    public static InferenceDevice Cpu => default;

    /// <summary>CUDA device <paramref name="id"/>.</summary>
    public static InferenceDevice Cuda(int id) =>
        id >= 0 ? new InferenceDevice(id) : throw new ArgumentOutOfRangeException(nameof(id), "a GPU id is at least 0");

    /// <summary>True for a CUDA device.</summary>
    public bool IsGpu => CudaDeviceId is not null;

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> (device 0) or <c>cuda:N</c>.</summary>
    public static InferenceDevice Parse(string s)
    {
        var t = (s ?? "").Trim().ToLowerInvariant();
        if (t is "" or "cpu") return Cpu;
        if (t is "cuda" or "gpu") return Cuda(0);
        foreach (var prefix in new[] { "cuda:", "gpu:" })
            if (t.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(t.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return Cuda(id);
        throw new ArgumentException($"device '{s}': expected cpu or cuda:N");
    }

    /// <summary>Parses a <c>--gpus</c> list such as <c>0,1,3</c> into CUDA devices (distinct ids, in order).</summary>
    public static IReadOnlyList<InferenceDevice> ParseGpuList(string list)
    {
        var ids = new List<int>();
        foreach (var part in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new ArgumentException($"--gpus '{list}': expected GPU ids such as 0,1");
            if (!ids.Contains(id)) ids.Add(id);
        }
        if (ids.Count == 0) throw new ArgumentException($"--gpus '{list}': no GPU id given");
        return ids.Select(Cuda).ToList();
    }

    /// <summary>The provider as status shows it: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => CudaDeviceId is { } id ? string.Create(CultureInfo.InvariantCulture, $"cuda:{id}") : "cpu";
}
