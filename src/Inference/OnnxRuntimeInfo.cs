using Microsoft.ML.OnnxRuntime;

namespace CellActors.Inference;

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
