using System.Runtime.InteropServices;

namespace NewsClassifier.ML.Runtime;

/// <summary>
/// glibc serves large allocations with mmap and gives them back on free, so every training step pays
/// for fresh zeroed pages; on our VMs that made a transformer step ~7x slower. Raising the mmap and
/// trim thresholds keeps freed tensor memory in the heap for reuse. Must run before the first tensor.
/// </summary>
internal static partial class NativeAllocator
{
    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);

    /// <summary>Returns true when glibc accepted both settings.</summary>
    public static bool KeepFreedMemoryInHeap()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Mallopt(MMmapThreshold, int.MaxValue) == 1 && Mallopt(MTrimThreshold, int.MaxValue) == 1;
        }
        catch (DllNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
