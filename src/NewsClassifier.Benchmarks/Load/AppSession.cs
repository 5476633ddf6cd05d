using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// One signed-in user of the running app, as a script would be: the sign-in form (antiforgery cookie and token, then the
/// POST), the session cookie in <see cref="Cookies"/>, and <c>X-NewsClassifier: 1</c> on every request (the app wants it on
/// cookie-authenticated API writes). The load generator shares <see cref="Cookies"/> so its requests are this user's.
/// </summary>
internal sealed partial class AppSession : IDisposable
{
    public const string WriteHeader = "X-NewsClassifier";

    private readonly HttpClient _client;

    private AppSession(HttpClient client, CookieContainer cookies)
    {
        _client = client;
        Cookies = cookies;
    }

    public CookieContainer Cookies { get; }

    public static async Task<AppSession> SignInAsync(Uri baseAddress, string userName, string password, CancellationToken cancellationToken)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60),
        };
        var html = await client.GetStringAsync("/account/login", cancellationToken);
        var token = AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token on /account/login.");
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = password,
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {userName} answered {(int)response.StatusCode}, not a redirect.");
        client.DefaultRequestHeaders.Add(WriteHeader, "1");
        return new AppSession(client, cookies);
    }

    /// <summary>POST /api/runs; returns the new run's id.</summary>
    public async Task<int> StartRunAsync(int datasetId, string recipe, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        using var json = await SendAsync(HttpMethod.Post, "/api/runs", new { datasetId, recipe, parameters }, HttpStatusCode.Created, cancellationToken);
        return json.RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>GET /api/runs/{id}: state, epoch and step (what the run page shows).</summary>
    public async Task<RunProgress> RunAsync(int runId, CancellationToken cancellationToken)
    {
        using var json = await SendAsync(HttpMethod.Get, $"/api/runs/{runId}", null, HttpStatusCode.OK, cancellationToken);
        var r = json.RootElement;
        return new RunProgress(r.GetProperty("state").GetString()!, r.GetProperty("epoch").GetInt32(), r.GetProperty("epochs").GetInt32(),
            r.GetProperty("step").GetInt32(), r.GetProperty("totalSteps").GetInt32(),
            r.TryGetProperty("validationAccuracy", out var acc) && acc.ValueKind == JsonValueKind.Number ? acc.GetDouble() : null,
            r.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null);
    }

    /// <summary>Polls the run until <paramref name="done"/> says so or it ended; throws past <paramref name="timeout"/>.</summary>
    public async Task<RunProgress> WaitRunAsync(int runId, Func<RunProgress, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await RunAsync(runId, cancellationToken);
            if (done(run) || run.Ended) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {runId} is still {run.State} after {timeout.TotalSeconds:N0} s.");
            await Task.Delay(500, cancellationToken);
        }
    }

    public async Task CancelRunAsync(int runId, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, $"/api/runs/{runId}/cancel", null, HttpStatusCode.Accepted, cancellationToken)).Dispose();

    /// <summary>Registers the run as a model version and points the production alias at it, so classify needs no model name.</summary>
    public async Task<int> PromoteAsync(int runId, string modelName, CancellationToken cancellationToken)
    {
        int version;
        using (var created = await SendAsync(HttpMethod.Post, "/api/models", new { runId, name = modelName }, HttpStatusCode.Created, cancellationToken))
            version = created.RootElement.GetProperty("version").GetInt32();
        (await SendAsync(HttpMethod.Post, $"/api/models/{Uri.EscapeDataString(modelName)}/aliases/production",
            new { version, reason = "load benchmark" }, HttpStatusCode.OK, cancellationToken)).Dispose();
        return version;
    }

    /// <summary>POST /api/classify with the production model; returns the answer's label and model (a check before the load).</summary>
    public async Task<string> ClassifyAsync(string text, CancellationToken cancellationToken)
    {
        using var json = await SendAsync(HttpMethod.Post, "/api/classify", new { text }, HttpStatusCode.OK, cancellationToken);
        var r = json.RootElement;
        return $"{r.GetProperty("label").GetString()} (model {r.GetProperty("model").GetString()}, {r.GetProperty("tokens").GetInt32()} tokens)";
    }

    public void Dispose() => _client.Dispose();

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}, not {(int)expected}: {text[..Math.Min(text.Length, 500)]}");
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
