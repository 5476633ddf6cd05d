namespace NewsClassifier.Benchmarks;

/// <summary>
/// The setup every PyTorch peer runs with, so a ratio compares engines rather than packaging: the same glibc malloc
/// tuning as our process, the same thread count, and an optimised BLAS. Debian's python3-torch links the generic
/// libblas.so.3, which is the netlib reference BLAS unless an optimised one is installed: on it a BERT-mini step takes
/// about 50 s instead of about 1 s, so no benchmark prints a ratio against it (<see cref="RatioRefusal"/>).
/// </summary>
internal sealed record PeerEnvironment(bool TunedMalloc, string? BlasDirectory, int Threads)
{
    /// <summary>What the TorchSharp process does with mallopt at start (NativeAllocator): keep freed memory in the heap
    /// instead of mmap/munmap per big tensor.</summary>
    public const string MallocTunables = "glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=17179869184";

    /// <summary>Where Debian's libopenblas0-pthread puts its libblas.so.3.</summary>
    public const string DebianOpenBlasDirectory = "/usr/lib/x86_64-linux-gnu/openblas-pthread";

    public const string HowToGetOpenBlas =
        "apt-get install libopenblas0-pthread, or extract that package (apt-get download libopenblas0-pthread; dpkg-deb -x) " +
        $"and pass --peer-blas <dir>{DebianOpenBlasDirectory}";

    /// <param name="requestedBlas">--peer-blas: a directory holding libblas.so.3, or "system"; null: Debian's OpenBLAS when installed.</param>
    public static PeerEnvironment Resolve(string? requestedBlas, bool defaultMalloc, int threads) =>
        new(!defaultMalloc, ResolveBlasDirectory(requestedBlas), threads > 0 ? threads : TorchSharp.torch.get_num_threads());

    private static string? ResolveBlasDirectory(string? requested)
    {
        if (requested == "system") return null;
        if (requested is not null)
            return File.Exists(Path.Combine(requested, "libblas.so.3")) ? requested
                : throw new ArgumentException($"--peer-blas: no libblas.so.3 in '{requested}'.");
        return File.Exists(Path.Combine(DebianOpenBlasDirectory, "libblas.so.3")) ? DebianOpenBlasDirectory : null;
    }

    /// <summary>Whether the peer will load the netlib reference BLAS (no directory given and the system's libblas.so.3 is netlib).</summary>
    public bool ExpectsNetlib => BlasDirectory is null && SystemBlasIsNetlib();

    public string Describe() =>
        $"malloc {(TunedMalloc ? "tuned like TorchSharp" : "default")}, {Threads} threads, BLAS {BlasDirectory ?? "the system's libblas.so.3"}";

    public void Apply(ProcessStartInfo psi)
    {
        if (TunedMalloc) psi.Environment["GLIBC_TUNABLES"] = MallocTunables;
        psi.Environment["OMP_NUM_THREADS"] = Threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment["OPENBLAS_NUM_THREADS"] = Threads.ToString(CultureInfo.InvariantCulture);
        if (BlasDirectory is null) return;
        var existing = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        psi.Environment["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(existing) ? BlasDirectory : $"{BlasDirectory}:{existing}";
    }

    /// <summary>Null when a ratio against this peer is fair; otherwise why it is not printed and how to fix it.
    /// <paramref name="blasLoaded"/> is what the peer reports it mapped (reference/peer_env.py).</summary>
    public static string? RatioRefusal(string blasLoaded) => blasLoaded.StartsWith("netlib", StringComparison.Ordinal)
        ? $"no ratio: the peer ran on the {blasLoaded}, 15-50x slower than an optimised BLAS here; {HowToGetOpenBlas}."
        : null;

    private static bool SystemBlasIsNetlib()
    {
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu" })
        {
            var link = new FileInfo(Path.Combine(dir, "libblas.so.3"));
            if (!link.Exists) continue;
            var target = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link.FullName;
            return target.Contains("/blas/", StringComparison.Ordinal) && !target.Contains("openblas", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }
}
