using Microsoft.Data.Sqlite;

namespace NewsClassifier.Web.Tests;

/// <summary>A part that is down turns /healthz into a 503 that names it (own app instance: it breaks a part).</summary>
public class HealthDownTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Fact]
    public async Task Healthz_answers_503_naming_the_database_when_its_file_is_gone()
    {
        using var client = app.CreateClient();
        (await client.GetAsync("/healthz")).Dispose();

        // The database file disappears under the running app (a volume unmounted, a file deleted by hand):
        // a new connection finds an empty database with none of the migrations.
        var database = Path.Combine(app.DataDirectory, "newsclassifier.db");
        foreach (var file in Directory.GetFiles(app.DataDirectory, "newsclassifier.db*")) File.Move(file, file + ".moved");
        SqliteConnection.ClearAllPools();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", json.RootElement.GetProperty("status").GetString());
        var part = json.RootElement.GetProperty("database");
        Assert.Equal("unhealthy", part.GetProperty("status").GetString());
        Assert.Contains("not applied", part.GetProperty("description").GetString());
        Assert.Equal("healthy", json.RootElement.GetProperty("torch").GetProperty("status").GetString());
        Assert.True(File.Exists(database + ".moved"));
    }
}
