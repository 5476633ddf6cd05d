namespace NewsClassifier.Benchmarks;

/// <summary>
/// Runs reference/bert_reference.py (our PyTorch BERT) with Debian's /usr/bin/python3 on a job file and returns the
/// JSON object it prints last. The job carries token ids, batches and a weights path, so both engines see the same data.
/// </summary>
internal static class BertPeer
{

    /// <summary>
    /// What the TorchSharp process does with mallopt at start (NativeAllocator): keep freed memory in the heap instead
    /// of mmap/munmap per big tensor. Given to the peer too so the comparison is of the engines, not of malloc settings.
    /// </summary>
    public const string MallocTunables = "glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=17179869184";

    /// <summary>
    /// Where Debian's libopenblas0-pthread puts its libblas.so.3. Debian's python3-torch links the generic libblas.so.3,
    /// which is the netlib reference BLAS unless an optimised one is installed: with it a BERT-mini step takes about
    /// 50 s instead of about 1 s, which would compare TorchSharp with a packaging accident rather than with PyTorch.
    /// </summary>
    public const string DebianOpenBlasDirectory = "/usr/lib/x86_64-linux-gnu/openblas-pthread";

    public static string Script => Path.Combine(AppContext.BaseDirectory, "reference", "bert_reference.py");

    /// <summary>
    /// The BLAS directory the peer should load first: --peer-blas (a directory holding libblas.so.3, or "system"),
    /// else Debian's OpenBLAS when installed (also when it is not the system default), else null (the system's libblas.so.3).
    /// </summary>
    public static string? ResolveBlasDirectory(string? requested)
    {
        if (requested == "system") return null;
        if (requested is not null)
            return File.Exists(Path.Combine(requested, "libblas.so.3")) ? requested
                : throw new ArgumentException($"--peer-blas: no libblas.so.3 in '{requested}'.");
        return File.Exists(Path.Combine(DebianOpenBlasDirectory, "libblas.so.3")) ? DebianOpenBlasDirectory : null;
    }

    /// <summary>Whether the system's libblas.so.3 (what Debian's torch loads without --peer-blas) is the netlib reference BLAS.</summary>
    public static bool SystemBlasIsNetlib()
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

    /// <summary>Null (with the reason printed) when python3 with torch is missing or the script fails.</summary>
    public static JsonElement? Run(object job, bool tunedMalloc, string? blasDirectory, int threads, CancellationToken cancellationToken) =>
        PythonPeer.Run(Script, job, psi =>
        {
            if (tunedMalloc) psi.Environment["GLIBC_TUNABLES"] = MallocTunables;
            if (blasDirectory is not null)
            {
                var existing = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
                psi.Environment["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(existing) ? blasDirectory : $"{blasDirectory}:{existing}";
                psi.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
            }
        }, cancellationToken);
}
