namespace NewsClassifier.ML.Runtime;

/// <summary>
/// The names of the NVIDIA GPUs on this machine, for the Jobs page's worker list. TorchSharp 0.107 has no
/// <c>torch.cuda.get_device_name</c>, so they are read from the NVIDIA driver's <c>/proc</c> files (one folder per GPU,
/// ordered by PCI bus id like CUDA's default device order); empty where there is no driver (every CPU machine).
/// </summary>
public static class CudaDeviceNames
{
    private const string DriverFolder = "/proc/driver/nvidia/gpus";

    public static IReadOnlyList<string> Read(string driverFolder = DriverFolder)
    {
        if (!Directory.Exists(driverFolder)) return [];
        var names = new List<string>();
        foreach (var gpu in Directory.GetDirectories(driverFolder).Order(StringComparer.Ordinal))
        {
            var information = Path.Combine(gpu, "information");
            if (!File.Exists(information)) continue;
            // "Model:           NVIDIA GeForce RTX 4090"
            var model = File.ReadLines(information).FirstOrDefault(l => l.StartsWith("Model:", StringComparison.Ordinal));
            if (model is not null) names.Add(model["Model:".Length..].Trim());
        }
        return names;
    }

    /// <summary>The name of the GPU a device string such as "cuda" or "cuda:1" means; null for the CPU or an unknown GPU.</summary>
    public static string? NameOf(string device, IReadOnlyList<string> names)
    {
        if (!device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase)) return null;
        int index = device.Split(':') is [_, var n] && int.TryParse(n, out var i) ? i : 0;
        return index < names.Count ? names[index] : null;
    }
}
