using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>import &lt;url&gt;</c> with the default Outbound configuration: what the server must not fetch is refused
/// with the rule before anything is downloaded, logged or stored.</summary>
public sealed class ImportUrlTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-url-" + Guid.NewGuid().ToString("N")[..12]);

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(_dataDirectory, args);

    [Theory]
    [InlineData("https://alice:s3cret@example.com/train.csv", "https://example.com/train.csv carries a user name or password before its host")]
    [InlineData("http://127.0.0.1:9/train.csv", "http://127.0.0.1:9/train.csv resolves to 127.0.0.1, a loopback address: this server does not fetch from loopback, private, link-local or multicast addresses (Outbound:AllowedHosts lists exceptions).")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "http://169.254.169.254/latest/meta-data/ resolves to 169.254.169.254, a link-local address")]
    public async Task A_refused_url_names_the_rule_and_imports_nothing(string url, string expected)
    {
        Assert.Equal(0, (await RunAsync("migrate")).Exit);

        var import = await RunAsync("import", url, "--name", "from-url", "--json");

        Assert.Equal(1, import.Exit);
        using (var json = JsonDocument.Parse(import.Out))
        {
            Assert.False(json.RootElement.GetProperty("succeeded").GetBoolean());
            Assert.StartsWith(expected, json.RootElement.GetProperty("message").GetString());
        }
        Assert.DoesNotContain("s3cret", import.Out + import.Err);
        var datasets = await RunAsync("datasets", "--json");
        Assert.Equal(0, JsonDocument.Parse(datasets.Out).RootElement.GetArrayLength());
        var staging = Path.Combine(_dataDirectory, "staging");
        Assert.True(!Directory.Exists(staging) || Directory.GetFiles(staging).Length == 0, "nothing was downloaded into staging");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
