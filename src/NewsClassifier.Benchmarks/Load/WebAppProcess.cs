using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// The built web app (<c>dotnet NewsClassifier.Web.dll</c>, the Release build this project's build makes) as a child
/// process on 127.0.0.1 and a free port. Its output goes to a log file (read back on failure). It is stopped by its
/// process id only: SIGTERM first (the host's graceful stop), SIGKILL if it has not exited in time.
/// </summary>
internal sealed class WebAppProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();

    private WebAppProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    /// <summary>--web-dll, else the path this project's build baked in (Release: src/NewsClassifier.Web/bin/Release/...).</summary>
    public static string FindDll(string? given)
    {
        var path = given ?? typeof(WebAppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WebDll").Value!;
        return File.Exists(path) ? Path.GetFullPath(path)
            : throw new FileNotFoundException($"{path} is missing: run the benchmark with 'dotnet run -c Release --project src/NewsClassifier.Benchmarks' (it builds the web app) or pass --web-dll.");
    }

    public static async Task<WebAppProcess> StartAsync(string dll, string contentRoot, IReadOnlyDictionary<string, string> environment,
        string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", contentRoot }) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new WebAppProcess(process, new Uri($"http://127.0.0.1:{port}"), logPath);
        process.OutputDataReceived += (_, e) => app.Append(e.Data, "");
        process.ErrorDataReceived += (_, e) => app.Append(e.Data, "ERR ");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitHealthyAsync(cancellationToken);
        }
        catch
        {
            app.Dispose();
            throw;
        }
        return app;
    }

    /// <summary>SIGTERM to this process id, then waits; SIGKILL (this process tree only) if it is still there after 30 s.
    /// Returns how it ended, for the report.</summary>
    public async Task<string> StopAsync()
    {
        if (_process.HasExited) return $"had already exited with {_process.ExitCode}";
        var sw = Stopwatch.StartNew();
        if (Kill(_process.Id, SigTerm) != 0) return "SIGTERM failed: " + Marshal.GetLastPInvokeErrorMessage();
        using var wait = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return $"SIGTERM, exited with {_process.ExitCode} after {sw.Elapsed.TotalSeconds:F1} s";
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return $"did not exit {StopTimeout.TotalSeconds:N0} s after SIGTERM: killed";
        }
    }

    /// <summary>The last lines of the server's log, for error messages.</summary>
    public string Tail(int lines = 40)
    {
        lock (_gate)
        {
            var all = File.ReadAllLines(LogPath);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { /* never started or already gone */ }
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The web app exited with {_process.ExitCode} while starting:\n{Tail()}");
            try
            {
                using var health = await probe.GetAsync("/healthz", cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"/healthz did not answer 200 within {StartTimeout.TotalSeconds:N0} s:\n{Tail()}");
            await Task.Delay(250, cancellationToken);
        }
    }

    private void Append(string? line, string prefix)
    {
        if (line is null) return;
        lock (_gate) _log.WriteLine(prefix + line);
    }

    /// <summary>A port the OS just handed out; the tiny race until Kestrel binds it is acceptable for a benchmark on loopback.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
