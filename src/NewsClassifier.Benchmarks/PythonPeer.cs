using System.ComponentModel;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// Runs one of our PyTorch reference scripts (Debian's python3-torch) on a JSON job file; the script's last stdout line
/// is its JSON answer. Shared by the custom-transformer and BERT peers, which both run in the same
/// <see cref="PeerEnvironment"/> as our process.
/// </summary>
internal static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Null (with the reason printed) when python3 with torch or the script is missing, or the script fails.</summary>
    public static JsonElement? Run(string script, object job, PeerEnvironment environment, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Python) || !File.Exists(script) || !HasTorch())
        {
            Console.WriteLine($"  PyTorch peer unavailable ({Python} with the torch module not found; apt-get install -y python3-torch).");
            return null;
        }
        var jobPath = Path.Combine(Path.GetTempPath(), $"nc-peer-{Guid.NewGuid():N}.json");
        File.WriteAllText(jobPath, JsonSerializer.Serialize(job));
        try
        {
            var psi = new ProcessStartInfo(Python, [script, jobPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
            environment.Apply(psi);
            using var process = Process.Start(psi)!;
            using var kill = cancellationToken.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"  PyTorch peer failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
                return null;
            }
            var last = stdout.Result.Trim().Split('\n')[^1];
            return JsonDocument.Parse(last).RootElement.Clone();
        }
        finally
        {
            File.Delete(jobPath);
        }
    }

    private static bool HasTorch()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
