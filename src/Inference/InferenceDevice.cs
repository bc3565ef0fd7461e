using System.Globalization;
using Microsoft.ML.OnnxRuntime;

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

/// <summary>A device that cannot run models here: the message names what is missing.</summary>
public sealed class InferenceDeviceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What the ONNX Runtime in this build can do.</summary>
public static class OnnxRuntimeInfo
{
    /// <summary>The execution providers compiled into the loaded ONNX Runtime (e.g. CPUExecutionProvider, CUDAExecutionProvider).</summary>
    public static IReadOnlyList<string> Providers => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>True when this build carries the CUDA execution provider (built with <c>-p:OnnxGpu=true</c>).</summary>
    public static bool HasCudaProvider => Providers.Contains("CUDAExecutionProvider");

    /// <summary>
    /// Session options for <paramref name="device"/>: the CUDA execution provider with the device id, or the CPU with
    /// <paramref name="intraOpThreads"/> threads (0: ONNX Runtime's default); denormal numbers are flushed to zero (a
    /// network whose activations run into them was 12% slower on the CPU). Throws <see cref="InferenceDeviceException"/>
    /// when a GPU is asked for on a CPU-only build or where the CUDA provider cannot start (no driver, CUDA or cuDNN).
    /// </summary>
    public static SessionOptions CreateOptions(InferenceDevice device, int intraOpThreads = 0)
    {
        var o = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        try
        {
            if (intraOpThreads > 0) o.IntraOpNumThreads = intraOpThreads;
            o.AddSessionConfigEntry("session.set_denormal_as_zero", "1");
            if (device.CudaDeviceId is { } id)
            {
                if (!HasCudaProvider)
                    throw new InferenceDeviceException(
                        $"GPU {device} requested, but this build of CellActors carries the CPU-only ONNX Runtime (providers: {string.Join(", ", Providers)}). " +
                        "Build with the CUDA package: dotnet publish src/Cli -c Release -p:OnnxGpu=true (needs the NVIDIA driver and the CUDA 13 and cuDNN 9 libraries on the machine), or leave out --gpus.");
                try
                {
                    o.AppendExecutionProvider_CUDA(id);
                }
                catch (OnnxRuntimeException e)
                {
                    throw new InferenceDeviceException(
                        $"GPU {device}: the CUDA execution provider could not start ({e.Message.Trim().TrimEnd('.')}). " +
                        "ONNX Runtime 1.31's CUDA provider needs the NVIDIA driver and the CUDA 13 (libcudart.so.13, libcublasLt.so.13) and cuDNN 9 libraries " +
                        "on the library path (LD_LIBRARY_PATH; ONNX Runtime's log line above names the one missing); `nvidia-smi` lists the GPUs.", e);
                }
            }
            return o;
        }
        catch
        {
            o.Dispose();
            throw;
        }
    }

    /// <summary>Checks at start-up that <paramref name="device"/> can be used (see <see cref="CreateOptions"/>); throws <see cref="InferenceDeviceException"/>.</summary>
    public static void EnsureAvailable(InferenceDevice device)
    {
        using var _ = CreateOptions(device);
    }
}
