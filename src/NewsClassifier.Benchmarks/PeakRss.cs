namespace NewsClassifier.Benchmarks;

/// <summary>
/// Peak resident memory per phase on Linux: writing 5 to /proc/self/clear_refs resets VmHWM, so a phase's peak is not
/// hidden by an earlier one (the Python peer does the same). Elsewhere the process peak is reported.
/// </summary>
internal static class PeakRss
{
    /// <summary>Resets the peak and returns the resident memory now (MB), the phase's starting point.</summary>
    public static double Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return Status("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024.0);
    }

    public static double Megabytes() => Status("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

    private static double? Status(string key)
    {
        if (!File.Exists("/proc/self/status")) return null;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb) ? kb / 1024.0 : null;
    }
}
