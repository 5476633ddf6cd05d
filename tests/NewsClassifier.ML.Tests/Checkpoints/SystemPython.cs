using System.Diagnostics;

namespace NewsClassifier.ML.Tests.Checkpoints;

/// <summary>
/// Runs Debian's /usr/bin/python3 (where apt's python3-torch lives; a python3 earlier on PATH, e.g.
/// pyenv, usually lacks torch). CI installs python3-torch (.ci/run), so a missing interpreter or
/// torch fails the test with the command that fixes it instead of skipping it.
/// </summary>
internal static class SystemPython
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Run(string script, params string[] args)
    {
        if (!File.Exists(Interpreter))
            Assert.Fail($"{Interpreter} is missing: install it with 'apt-get install -y python3 python3-torch' (.ci/run does this).");
        var psi = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Interpreter} did not finish within 2 minutes");
        }
        if (process.ExitCode != 0)
        {
            string err = stderr.Result;
            if (err.Contains("No module named 'torch'", StringComparison.Ordinal))
                Assert.Fail($"PyTorch is missing for {Interpreter}: install it with 'apt-get install -y python3-torch' (.ci/run does this).\n{err}");
            Assert.Fail($"{Interpreter} exited with {process.ExitCode}:\n{err}");
        }
        return stdout.Result;
    }
}
