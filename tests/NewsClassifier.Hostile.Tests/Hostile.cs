using Xunit.Sdk;

namespace NewsClassifier.Hostile.Tests;

/// <summary>
/// The one assertion every hostile case ends in: the refusal (exact status, and the message naming the rule), then that
/// the server still answers /healthz with 200 and that the database fingerprint (<see cref="StateFingerprint"/>) is what
/// it was before the request. A failure carries the tail of the server's log.
///
/// Adding a case (other slices add ONE file under Cases/ named for their slice, e.g. Cases/RequestLimitCases.cs):
/// <code>
/// [Collection(HostileCollection.Name)]
/// public sealed class MySliceCases(HostileApp app)
/// {
///     [Fact]
///     public Task A_5_MB_json_body_to_classify_is_refused() =>
///         Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync("/api/classify", Hostile.Json(new string('a', 5_000_000))),
///             HttpStatusCode.RequestEntityTooLarge, "");
///
///     [Fact]
///     public Task Summary_of_a_giant_model_is_refused() =>
///         Hostile.CliRefusedAsync(app, ["summary", "--recipe", "custom", "--set", "embed_dim=4096"], "budget");
/// }
/// </code>
/// Use the seeded ids (<see cref="HostileApp.DatasetId"/>, <see cref="HostileApp.RunId"/>, <see cref="HostileApp.ModelName"/>,
/// <see cref="HostileApp.ArticleIds"/>, <see cref="HostileApp.LabelIds"/>) and never change them in a passing case: cases
/// share one app. Hostile files go in <see cref="HostileApp.ScratchDirectory"/> (or <see cref="HostileApp.ImportRoot"/> when
/// the case needs an allowed server path). Keep inputs small: a case should take well under a second.
/// A case that shows a real bug is fixed in the product in the same change: no case is skipped.
/// </summary>
public static class Hostile
{
    /// <summary>
    /// Sends <paramref name="send"/> with <paramref name="role"/>'s client (null: anonymous) and asserts the status is
    /// <paramref name="status"/> and the body contains <paramref name="message"/> (ProblemDetails and JSON errors are
    /// searched in their decoded strings; give "" where the refusal has no body, as 401/403/413 from the pipeline).
    /// </summary>
    public static async Task RefusedAsync(HostileApp app, string? role, Func<HttpClient, Task<HttpResponseMessage>> send,
        HttpStatusCode status, string message)
    {
        var before = await StateFingerprint.ReadAsync(app.DatabasePath);
        var client = role is null ? app.Anonymous : app.Client(role);
        int actual;
        string body;
        try
        {
            using var response = await send(client);
            actual = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw Fail(app, $"The request failed instead of being refused: {e.GetType().Name}: {e.Message}");
        }
        if (actual != (int)status)
            throw Fail(app, $"Expected {(int)status} {status}, got {actual}. Body:\n{Clip(body)}");
        if (!Readable(body).Contains(message, StringComparison.OrdinalIgnoreCase))
            throw Fail(app, $"The {actual} refusal does not say \"{message}\". Body:\n{Clip(body)}");
        await UnharmedAsync(app, before);
    }

    /// <summary>Runs the real CLI with <paramref name="arguments"/> and asserts a non-zero exit whose stderr or stdout
    /// contains <paramref name="message"/>, then the same /healthz and fingerprint checks.</summary>
    public static async Task CliRefusedAsync(HostileApp app, string[] arguments, string message)
    {
        var before = await StateFingerprint.ReadAsync(app.DatabasePath);
        var result = await app.CliAsync(arguments);
        if (result.Exit == 0) throw Fail(app, $"The CLI accepted it: {result}");
        if (!(Readable(result.Err) + "\n" + Readable(result.Out)).Contains(message, StringComparison.OrdinalIgnoreCase))
            throw Fail(app, $"The CLI refusal does not say \"{message}\": {result}");
        await UnharmedAsync(app, before);
    }

    /// <summary>
    /// For the pretrained import, which validates in a background job: the request is accepted (202) and the import
    /// ends Failed with <paramref name="error"/> within a bounded wait; the failed row is then deleted through the API,
    /// which must leave no folder behind, after which /healthz and the fingerprint must be exactly as before (so nothing else moved).
    /// </summary>
    public static async Task PretrainedImportFailsAsync(HostileApp app, Func<HttpClient, Task<HttpResponseMessage>> send, string error)
    {
        var before = await StateFingerprint.ReadAsync(app.DatabasePath);
        var client = app.Client("Scientist");
        int id;
        using (var response = await send(client))
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Accepted) throw Fail(app, $"Expected 202 for the import, got {(int)response.StatusCode}: {Clip(body)}");
            using var json = JsonDocument.Parse(body);
            id = json.RootElement.GetProperty("id").GetInt32();
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement row;
        while (true)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/pretrained/{id}"));
            row = json.RootElement.Clone();
            var state = row.GetProperty("state").GetString();
            if (state == "Failed") break;
            if (state == "Ready") throw Fail(app, $"The hostile checkpoint was imported: {row}");
            if (DateTime.UtcNow > deadline) throw Fail(app, $"The import did not fail within 30 s: {row}");
            await Task.Delay(200);
        }
        var message = row.GetProperty("error").GetString() ?? "";
        if (!message.Contains(error, StringComparison.OrdinalIgnoreCase)) throw Fail(app, $"The import failed without saying \"{error}\": {message}");
        using (var delete = await client.DeleteAsync($"/api/pretrained/{id}"))
            if (delete.StatusCode != HttpStatusCode.NoContent) throw Fail(app, $"Deleting the failed import answered {(int)delete.StatusCode}");
        var folder = row.GetProperty("folder").GetString()!;
        var left = Directory.EnumerateDirectories(app.DataDirectory, folder, SearchOption.AllDirectories).ToList();
        if (left.Count > 0) throw Fail(app, $"The deleted failed import left {string.Join(", ", left)}");
        await UnharmedAsync(app, before);
    }

    /// <summary>A JSON body from raw text (malformed JSON included), with the JSON content type.</summary>
    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>/healthz answers 200 and nothing in the fingerprint moved.</summary>
    public static async Task UnharmedAsync(HostileApp app, StateFingerprint before)
    {
        try
        {
            using var health = await app.Anonymous.GetAsync("/healthz");
            if (health.StatusCode != HttpStatusCode.OK)
                throw Fail(app, $"/healthz answered {(int)health.StatusCode} after the hostile input: {Clip(await health.Content.ReadAsStringAsync())}");
        }
        catch (HttpRequestException e) { throw Fail(app, $"/healthz did not answer after the hostile input: {e.Message}"); }
        var changes = before.Differences(await StateFingerprint.ReadAsync(app.DatabasePath));
        if (changes.Count > 0) throw Fail(app, "The hostile input changed the database:\n" + string.Join('\n', changes));
    }

    /// <summary>JSON bodies are searched in their decoded strings (System.Text.Json escapes quotes and apostrophes).</summary>
    private static string Readable(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '[' or '"')) return body;
        try
        {
            using var json = JsonDocument.Parse(body);
            var strings = new List<string>();
            Collect(json.RootElement, strings);
            return string.Join('\n', strings);
        }
        catch (JsonException) { return body; }
    }

    private static void Collect(JsonElement element, List<string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String: into.Add(element.GetString()!); break;
            case JsonValueKind.Array: foreach (var item in element.EnumerateArray()) Collect(item, into); break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) { into.Add(property.Name); Collect(property.Value, into); }
                break;
            default: into.Add(element.ToString()); break;
        }
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    private static XunitException Fail(HostileApp app, string message) =>
        new($"{message}\n--- server log tail ({app.ServerLogPath})\n{app.ServerTail()}");
}
