using NewsClassifier.Build;
using TorchSharp;

namespace NewsClassifier.ML.Runtime;

/// <summary>What the process's torch runtime is: reported by /healthz and stored with every run.</summary>
public sealed record TorchInfo(string TorchSharpVersion, string Device, int Threads, bool CudaAvailable, bool AllocatorTuned, string NativePatch);

/// <summary>
/// One place that prepares libtorch for this process: allocator tuning and the native-library patch
/// (both must happen before the first tensor), thread count and device choice.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static TorchInfo? _info;

    public static TorchInfo Info => _info ?? throw new InvalidOperationException("TorchRuntime.Initialize has not run.");

    public static bool IsInitialized => _info is not null;

    /// <summary>Idempotent; the first call's options win (libtorch's thread pool is process-wide).</summary>
    public static TorchInfo Initialize(TorchOptions? options = null)
    {
        lock (Gate)
        {
            if (_info is not null) return _info;
            options ??= new TorchOptions();

            bool allocatorTuned = NativeAllocator.KeepFreedMemoryInHeap();
            // The build already patched the output folder; this covers copies made another way
            // (a folder synced to a GPU worker, a self-contained publish copied by hand).
            var patch = TorchSharpNativePatch.EnsureLoadable(AppContext.BaseDirectory);

            if (options.Threads > 0) torch.set_num_threads(options.Threads);
            var device = ResolveDevice(options.Device);
            torch.InitializeDeviceType(device.type);

            _info = new TorchInfo(
                TorchSharpVersion: typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
                Device: device.ToString(),
                Threads: torch.get_num_threads(),
                CudaAvailable: torch.cuda.is_available(),
                AllocatorTuned: allocatorTuned,
                NativePatch: patch.ToString());
            return _info;
        }
    }

    public static torch.Device Device => torch.device(Info.Device);

    /// <summary>"auto" picks CUDA when a GPU is visible; an explicit "cuda" without one is an error, not a silent CPU run.</summary>
    public static torch.Device ResolveDevice(string requested)
    {
        var value = (requested ?? "auto").Trim().ToLowerInvariant();
        if (value is "" or "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (value == "cpu") return torch.CPU;
        if (value.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new InvalidOperationException($"Torch:Device is '{requested}' but no CUDA device is available (this build: {BuildBackend}).");
            return torch.device(value);
        }
        throw new ArgumentException($"Torch:Device must be 'auto', 'cpu', 'cuda' or 'cuda:N', not '{requested}'.");
    }

    /// <summary>The torch backend this assembly was built against (-p:TorchBackend=cpu|cuda).</summary>
    public static string BuildBackend =>
#if TORCH_CUDA
        "cuda";
#else
        "cpu";
#endif
}
