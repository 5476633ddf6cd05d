namespace NewsClassifier.Benchmarks;

/// <summary>
/// The real pretrained BERT the BERT figures are measured with: all-MiniLM-L6-v2 (L-6/H-384/A-12, 22.7 M parameters,
/// uncased WordPiece) as a Hugging Face folder, built offline by the shared tools/real-bert/build.sh into the temp
/// directory once per machine (the tests use the same folder; the script returns at once when it is complete).
/// </summary>
internal static class RealBertCheckpoint
{
    public static string Folder => Path.Combine(Path.GetTempPath(), "nc-real-bert");

    public static string EnsureBuilt()
    {
        var script = SharedFiles.RealBertBuildScript();
        Console.WriteLine($"  real checkpoint: {script} {Folder}");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, Folder]) { RedirectStandardError = true })!;
        var log = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} exited {process.ExitCode}: {log}");
        return Folder;
    }
}
