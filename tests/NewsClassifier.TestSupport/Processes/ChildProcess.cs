using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NewsClassifier.TestSupport.Processes;

/// <summary>One process this suite started (<c>dotnet some.dll args</c>), its stdout and stderr appended to a log file as
/// they arrive. Only this process (and the children it spawned) is ever killed, by its id.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    public string LogPath { get; }

    /// <summary>Raised for each stdout line (e.g. to catch "Now listening on:").</summary>
    public event Action<string>? Line;

    private ChildProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, string logPath, string? stdin = null)
    {
        var info = new ProcessStartInfo(BuiltApps.DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, logPath);
        process.OutputDataReceived += (_, e) => child.Append(e.Data, child._stdout, isError: false);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, child._stderr, isError: true);
        child.Write($"$ dotnet {Path.GetFileName(dll)} {string.Join(' ', arguments)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        return child;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput { get { lock (_gate) return _stdout.ToString(); } }

    public string StandardError { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Waits for the exit at most <paramref name="timeout"/>; past it the process is killed and the wait fails.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"dotnet {string.Join(' ', _process.StartInfo.ArgumentList)} ran longer than {timeout.TotalSeconds:N0} s and was killed.");
        }
        _process.WaitForExit(); // drains the asynchronous stdout/stderr readers
        return _process.ExitCode;
    }

    /// <summary>The last <paramref name="lines"/> lines of the log (for failure messages).</summary>
    public string Tail(int lines = 60)
    {
        lock (_gate)
        {
            _log.Flush();
            var all = File.ReadAllLines(LogPath);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    /// <summary>SIGTERM, what <c>systemctl stop</c> or a deploy sends: the process may stop gracefully. Returns at once.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>SIGKILL of this process and its children (a crash, the out-of-memory killer, a power cut for the process).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { /* already gone */ }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private void Append(string? line, StringBuilder buffer, bool isError)
    {
        if (line is null) return;
        lock (_gate)
        {
            buffer.AppendLine(line);
            _log.WriteLine(isError ? "ERR " + line : line);
        }
        if (!isError) Line?.Invoke(line);
    }

    private void Write(string line)
    {
        lock (_gate) _log.WriteLine(line);
    }
}
