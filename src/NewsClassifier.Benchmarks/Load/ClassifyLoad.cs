using System.Net;
using System.Net.Http.Headers;

namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// N clients calling <c>POST /api/classify</c> (or another classify endpoint: the batch) back to back (closed loop: each sends its next request when the last
/// answered) over one <see cref="SocketsHttpHandler"/> whose pool allows a connection per client, on loopback, as the
/// signed-in user whose cookies it is given, or with a personal access token (a machine client). The bodies cycle over real articles so the tokenizer sees varied lengths.
/// </summary>
internal sealed class ClassifyLoad : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _client;
    private readonly IReadOnlyList<byte[]> _bodies;
    private readonly string _path;

    public ClassifyLoad(Uri baseAddress, CookieContainer? cookies, IReadOnlyList<byte[]> bodies, int maxConcurrency, string path = "/api/classify",
        string? bearerToken = null)
    {
        _bodies = bodies;
        _path = path;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(maxConcurrency, 1),
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (bearerToken is not null) _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        else _client.DefaultRequestHeaders.Add(AppSession.WriteHeader, "1"); // a cookie-authenticated write needs it; a token does not
    }

    /// <summary>What one level measured: latencies (ms) of the 200s, the errors, and the answers by status.</summary>
    public sealed record Sample(List<double> LatenciesMs, int Errors, Dictionary<string, int> Statuses, double Seconds);

    /// <summary>Runs <paramref name="concurrency"/> clients for <paramref name="warmup"/> + <paramref name="duration"/> without a
    /// pause between the two (connections stay open and warm); counts the requests that complete inside the measured window.</summary>
    public async Task<Sample> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        long measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency)
            .Select(i => Task.Run(() => WorkerAsync(i, measureFrom, measureTo, cancellationToken), cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(workers);

        var latencies = new List<double>(results.Sum(r => r.Latencies.Count));
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        int errors = 0;
        foreach (var r in results)
        {
            latencies.AddRange(r.Latencies);
            errors += r.Errors;
            foreach (var (status, count) in r.Statuses) statuses[status] = statuses.GetValueOrDefault(status) + count;
        }
        return new Sample(latencies, errors, statuses, duration.TotalSeconds);
    }

    private async Task<(List<double> Latencies, int Errors, Dictionary<string, int> Statuses)> WorkerAsync(
        int worker, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        int errors = 0;
        // Each client starts at its own place in the article list, so concurrent requests carry different texts.
        for (int i = worker * 7919; Stopwatch.GetTimestamp() < measureTo; i++)
        {
            var body = _bodies[i % _bodies.Count];
            long sent = Stopwatch.GetTimestamp();
            string status;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = Json;
                using var response = await _client.PostAsync(_path, content, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { status = "timeout"; }
            catch (HttpRequestException e) { status = "connection: " + (e.HttpRequestError.ToString()); }
            long done = Stopwatch.GetTimestamp();
            if (done < measureFrom || done > measureTo) continue; // warm-up, or finished after the window closed
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status == "200") latencies.Add((done - sent) * 1000.0 / Stopwatch.Frequency);
            else errors++;
        }
        return (latencies, errors, statuses);
    }

    public void Dispose() => _client.Dispose();
}
