namespace NewsClassifier.ML.Runtime;

/// <summary>
/// Whether bfloat16 arithmetic is fast on a device. On a CPU it is only with the AVX512_BF16 or AMX-BF16 instructions
/// (oneDNN's bf16 matmuls then run at about twice the fp32 rate; without them libtorch emulates bf16 and is slower than
/// fp32). GPUs run bf16 natively from compute capability 8.0 and emulate it on older cards, still correctly.
/// </summary>
public static class Bf16Support
{
    private static readonly Lazy<string?> CpuFlags = new(ReadCpuFlags);

    /// <summary>Null when bf16 is fast on <paramref name="device"/>, else why not (for the run's log).</summary>
    public static string? WhyNotFast(TorchSharp.torch.Device device)
    {
        if (device.type != TorchSharp.DeviceType.CPU) return null;
        var flags = CpuFlags.Value;
        if (flags is null) return "this CPU's instruction set could not be read (/proc/cpuinfo)";
        return HasBf16(flags) ? null : "this CPU has neither AVX512_BF16 nor AMX-BF16";
    }

    /// <summary>Whether a /proc/cpuinfo <c>flags</c> line names an instruction set with bf16 dot products.</summary>
    public static bool HasBf16(string flags) =>
        flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(f => f is "avx512_bf16" or "amx_bf16");

    private static string? ReadCpuFlags()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
