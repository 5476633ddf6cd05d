using System.Net.Http.Headers;

namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>The web layer's own rules (issue 12, slice "web"): small request bodies outside the upload endpoints, the
/// custom header on cookie-authenticated writes, no state change on GET, one sign-in refusal that reveals no user
/// names, and user input that cannot forge log lines.</summary>
[Collection(HostileCollection.Name)]
public sealed class WebCases(HostileApp app)
{
    private const string BodyLimit = "at most 1,048,576 bytes";

    private const string SignInRefusal = "Wrong user name or password, or the account is locked for a while.";

    [Fact]
    public Task A_5_MB_json_body_to_classify_is_a_413_naming_the_limit() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync("/api/classify", Hostile.Json("{\"text\":\"" + new string('a', 5 * 1024 * 1024) + "\"}")),
            HttpStatusCode.RequestEntityTooLarge, BodyLimit);

    [Fact]
    public Task A_chunked_body_past_the_limit_is_cut_off_with_a_413() =>
        Hostile.RefusedAsync(app, "Scientist", c =>
        {
            var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"datasetId\":1,\"recipe\":\"" + new string('x', 2 * 1024 * 1024) + "\"}")));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = content };
            request.Headers.TransferEncodingChunked = true;
            return c.SendAsync(request);
        }, HttpStatusCode.RequestEntityTooLarge, BodyLimit);

    [Fact]
    public Task A_cookie_write_without_the_custom_header_is_a_400_naming_it() =>
        Hostile.RefusedAsync(app, "Scientist", c =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
            {
                Content = JsonContent.Create(new { datasetId = app.DatasetId, recipe = "custom", parameters = new Dictionary<string, string> { ["epochs"] = "1" } }),
            };
            return SendWithoutHeaderAsync(c, request);
        }, HttpStatusCode.BadRequest, "must send the header 'X-NewsClassifier: 1'");

    [Fact]
    public Task A_body_less_form_post_from_a_same_site_page_is_a_400() =>
        Hostile.RefusedAsync(app, "Admin", c => SendWithoutHeaderAsync(c,
            new HttpRequestMessage(HttpMethod.Delete, $"/api/models/{HostileApp.ModelName}/aliases/production")),
            HttpStatusCode.BadRequest, "must send the header 'X-NewsClassifier: 1'");

    [Fact]
    public Task Reserving_the_next_article_with_a_get_finds_no_endpoint() =>
        Hostile.RefusedAsync(app, "Annotator", c => c.GetAsync($"/api/labeling/{app.DatasetId}/next"), HttpStatusCode.NotFound, "");

    [Theory]
    [InlineData("hostile-admin", "not the password")]
    [InlineData("nobody-by-this-name", "not the password")]
    public Task A_failed_sign_in_reads_the_same_for_a_real_and_an_unknown_user(string userName, string password) =>
        Hostile.RefusedAsync(app, null, c => PostSignInAsync(userName, password), HttpStatusCode.OK, SignInRefusal);

    [Fact]
    public async Task A_user_name_with_a_line_break_cannot_forge_a_log_line()
    {
        await Hostile.RefusedAsync(app, null, c => PostSignInAsync("intruder\r\nforged-entry: Admin signed in", "x"), HttpStatusCode.OK, SignInRefusal);
        // The console logger writes in the background: wait (bounded) for the line.
        var log = await ReadSharedAsync(app.ServerLogPath);
        for (var i = 0; i < 50 && !log.Contains("intruder", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            log = await ReadSharedAsync(app.ServerLogPath);
        }
        Assert.Contains("intruder\\r\\nforged-entry", log);
        Assert.DoesNotContain(log.Split('\n'), line => line.StartsWith("forged-entry", StringComparison.Ordinal));
    }

    /// <summary>A fresh client each time: a sign-in that worked would otherwise leave a session in the shared anonymous one.</summary>
    private async Task<HttpResponseMessage> PostSignInAsync(string userName, string password)
    {
        using var client = app.NewClient();
        var html = await client.GetStringAsync("/account/login");
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = password,
        }));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The role's signed-in client without the header, as a same-site page's form would send it. Cases in the
    /// collection run one at a time, so the shared client gets its header back before the next case.</summary>
    private static async Task<HttpResponseMessage> SendWithoutHeaderAsync(HttpClient client, HttpRequestMessage request)
    {
        client.DefaultRequestHeaders.Remove(HostileApp.WriteHeader);
        try { return await client.SendAsync(request); }
        finally { client.DefaultRequestHeaders.Add(HostileApp.WriteHeader, "1"); }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
