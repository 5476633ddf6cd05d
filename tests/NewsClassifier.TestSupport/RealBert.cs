using System.Diagnostics;

namespace NewsClassifier.TestSupport;

/// <summary>
/// The real pretrained BERT (all-MiniLM-L6-v2 as a Hugging Face folder), built offline by the shared
/// <c>tools/real-bert/build.sh</c> into a folder of the machine's temp directory, once per machine (the script returns at
/// once when the folder is complete). Weights are never part of the repository.
/// </summary>
public static class RealBert
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> FolderAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        var script = SampleData.SharedFile("tools/real-bert/build.sh", "The real-BERT build script");
        var folder = Path.Combine(Path.GetTempPath(), "nc-real-bert");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(folder);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {folder} exited {process.ExitCode}: {await stderr}{await stdout}");
        return folder;
    }
}
