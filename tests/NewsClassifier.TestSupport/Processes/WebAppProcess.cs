using System.Net;
using System.Text.RegularExpressions;

namespace NewsClassifier.TestSupport.Processes;

/// <summary>
/// The real web app as a child process (<c>dotnet NewsClassifier.Web.dll</c>) on 127.0.0.1 with a random port, its
/// configuration from environment variables only. <see cref="StartAsync"/> returns once it listens and /healthz answers 200.
/// </summary>
public sealed partial class WebAppProcess : IDisposable
{
    private WebAppProcess(ChildProcess process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public static async Task<WebAppProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string logPath, TimeSpan timeout)
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(BuiltApps.WebDll, ["--urls", "http://127.0.0.1:0", "--contentRoot", SampleData.RepositoryRoot],
            environment, SampleData.RepositoryRoot, logPath);
        process.Line += line =>
        {
            if (ListeningOn().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        try
        {
            // The line may have come before the handler was attached.
            if (ListeningOn().Match(process.StandardOutput) is { Success: true } early) listening.TrySetResult(new Uri(early.Groups[1].Value));
            if (await Task.WhenAny(listening.Task, Task.Delay(timeout)) != listening.Task)
                throw new TimeoutException($"The server did not listen within {timeout.TotalSeconds} s:\n{process.Tail()}");
            var baseAddress = listening.Task.Result;

            using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"The server exited while starting:\n{process.Tail()}");
                try
                {
                    using var health = await probe.GetAsync("/healthz");
                    if (health.StatusCode == HttpStatusCode.OK) return new WebAppProcess(process, baseAddress);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"/healthz did not answer 200 within {timeout.TotalSeconds} s:\n{process.Tail()}");
                await Task.Delay(200);
            }
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => Process.Dispose();

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
