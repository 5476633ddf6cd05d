using System.Text.Json;

namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>Hostile <c>Authorization: Bearer</c> headers on the API: oversized, outside the token alphabet, another
/// product's prefix, an id past int, a real id with a wrong secret, a revoked token. Each is refused with 401 and a
/// reason, nothing changes, and the server logs no exception for any of them.</summary>
[Collection(HostileCollection.Name)]
public sealed class TokenCases(HostileApp app)
{
    private const string Secret43 = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";

    public static TheoryData<string, string> Malformed => new()
    {
        { new string('A', 8_000), "not a NewsClassifier access token" },
        { "nct_1_" + new string('!', 43), "not a NewsClassifier access token" },
        { "nct_1_" + Secret43[..41] + "+/", "not a NewsClassifier access token" }, // standard base64, not base64url
        { "ghp_1_" + Secret43, "not a NewsClassifier access token" },
        { "nct_99999999999999999999_" + Secret43, "not a NewsClassifier access token" },
        { "nct_2147483648_" + Secret43, "not a NewsClassifier access token" },
        { "nct_0_" + Secret43, "not a NewsClassifier access token" },
        { "nct_-5_" + Secret43, "not a NewsClassifier access token" },
        { "nct__" + Secret43, "not a NewsClassifier access token" },
        { "nct_1_" + Secret43 + "==", "not a NewsClassifier access token" },
        { "nct_2147483647_" + Secret43, "Unknown token" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_bearer_token_is_a_401_with_the_reason_and_no_exception(string token, string reason)
    {
        var exceptions = ExceptionsLogged();
        await Hostile.RefusedAsync(app, null, c => c.SendAsync(Bearer(HttpMethod.Get, "/api/runs", token)), HttpStatusCode.Unauthorized, reason);
        await Hostile.RefusedAsync(app, null, c => c.SendAsync(Bearer(HttpMethod.Post, "/api/classify", token, Hostile.Json("{\"text\":\"x\"}"))),
            HttpStatusCode.Unauthorized, reason);
        Assert.Equal(exceptions, ExceptionsLogged());
    }

    [Fact]
    public async Task A_real_id_with_a_wrong_secret_and_a_revoked_token_are_refused()
    {
        var created = await app.CliAsync("tokens", "create", "--user", HostileApp.UserOf("Viewer"), "--name", "hostile", "--json");
        Assert.True(created.Exit == 0, created.ToString());
        var json = JsonDocument.Parse(created.Out).RootElement;
        var token = json.GetProperty("token").GetString()!;
        var wrong = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var exceptions = ExceptionsLogged();
        await Hostile.RefusedAsync(app, null, c => c.SendAsync(Bearer(HttpMethod.Get, "/api/runs", wrong)), HttpStatusCode.Unauthorized, "Unknown token");

        Assert.Equal(0, (await app.CliAsync("tokens", "revoke", json.GetProperty("id").GetInt32().ToString())).Exit);
        await Hostile.RefusedAsync(app, null, c => c.SendAsync(Bearer(HttpMethod.Get, "/api/runs", token)), HttpStatusCode.Unauthorized, "revoked");
        Assert.Equal(exceptions, ExceptionsLogged());
    }

    private static HttpRequestMessage Bearer(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token));
        return request;
    }

    /// <summary>Lines of the server's log naming an exception so far.</summary>
    private int ExceptionsLogged()
    {
        using var stream = new FileStream(app.ServerLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Count(line => line.Contains("Exception", StringComparison.Ordinal));
    }
}
