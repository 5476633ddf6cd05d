using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>tokens</c>: create (the secret printed once), list and revoke personal access tokens from the command line.</summary>
public sealed class TokensCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-tokens-" + Guid.NewGuid().ToString("N")[..12]);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = _dataDirectory, ["NEWSCLASSIFIER_PASSWORD"] = "a long enough password" };
        var exit = await CliApp.RunAsync(args, output, error, settings, input: new StringReader(""));
        return (exit, output.ToString(), error.ToString());
    }

    private async Task SetUpAsync()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        Assert.Equal(0, (await RunAsync("users", "add", "sam", "--role", "Scientist")).Exit);
    }

    [Fact]
    public async Task Create_list_and_revoke_round_trip_with_json()
    {
        await SetUpAsync();
        var created = await RunAsync("tokens", "create", "--user", "sam", "--name", "nightly notebook", "--expires-days", "30", "--role", "viewer", "--json");
        Assert.True(created.Exit == 0, created.Err);
        var json = JsonDocument.Parse(created.Out).RootElement;
        var id = json.GetProperty("id").GetInt32();
        var token = json.GetProperty("token").GetString()!;
        Assert.StartsWith($"nct_{id}_", token);
        Assert.Equal(("nightly notebook", "sam", "Viewer"), (json.GetProperty("name").GetString(), json.GetProperty("user").GetString(), json.GetProperty("role").GetString()));
        Assert.True(json.GetProperty("expiresAt").GetDateTime() > DateTime.UtcNow.AddDays(29));

        var plain = await RunAsync("tokens", "create", "--user", "sam", "--name", "cms");
        Assert.True(plain.Exit == 0, plain.Err);
        Assert.Contains("expires never", plain.Out);
        Assert.Contains("cannot be shown again", plain.Out);

        var list = await RunAsync("tokens", "list", "--user", "sam", "--json");
        Assert.True(list.Exit == 0, list.Err);
        var rows = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        var row = rows.Single(r => r.GetProperty("id").GetInt32() == id);
        Assert.Equal("active", row.GetProperty("state").GetString());
        Assert.Equal(token[..(token.IndexOf('_', 4) + 5)], row.GetProperty("prefix").GetString());
        Assert.DoesNotContain(token, list.Out);
        Assert.DoesNotContain(token, (await RunAsync("tokens", "list")).Out);

        var revoked = await RunAsync("tokens", "revoke", id.ToString());
        Assert.True(revoked.Exit == 0, revoked.Err);
        Assert.Contains($"Token {id} 'nightly notebook' of sam is revoked.", revoked.Out);
        var after = JsonDocument.Parse((await RunAsync("tokens", "list", "--json")).Out).RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == id);
        Assert.Equal(("revoked", "cli"), (after.GetProperty("state").GetString(), after.GetProperty("revokedBy").GetString()));
    }

    [Fact]
    public async Task Bad_input_exits_1_with_the_reason()
    {
        await SetUpAsync();
        foreach (var (args, reason) in new (string[], string)[]
                 {
                     (["tokens", "create", "--user", "nobody", "--name", "x"], "There is no user named 'nobody'."),
                     (["tokens", "create", "--user", "sam", "--name", "x", "--role", "Admin"], "A token cannot be stronger than its user"),
                     (["tokens", "create", "--user", "sam", "--name", "x", "--expires-days", "0"], "1 to 3650 days"),
                     (["tokens", "create", "--user", "sam", "--name", " "], "needs a name"),
                     (["tokens", "list", "--user", "nobody"], "There is no user named 'nobody'."),
                     (["tokens", "revoke", "424242"], "There is no token 424242."),
                 })
        {
            var result = await RunAsync(args);
            Assert.True(result.Exit == 1, $"{string.Join(' ', args)}: exit {result.Exit} {result.Err}");
            Assert.Contains(reason, result.Err);
        }
        Assert.Contains("No tokens.", (await RunAsync("tokens", "list")).Out);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what SQLite still holds */ }
        catch (UnauthorizedAccessException) { }
    }
}
