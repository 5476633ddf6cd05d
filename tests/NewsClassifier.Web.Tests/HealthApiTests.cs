namespace NewsClassifier.Web.Tests;

public class HealthApiTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Fact]
    public async Task Healthz_reports_database_jobs_and_torch_on_cpu()
    {
        using var client = app.CreateClient();
        // Hangfire servers announce themselves a moment after start.
        HttpResponseMessage response = await client.GetAsync("/healthz");
        for (int i = 0; i < 50 && response.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(200);
            response = await client.GetAsync("/healthz");
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.Equal("healthy", root.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("database").GetProperty("pendingMigrations").GetInt32());
        Assert.Equal("healthy", root.GetProperty("jobs").GetProperty("status").GetString());
        var queues = root.GetProperty("jobs").GetProperty("queues").EnumerateArray().Select(q => q.GetString()).ToList();
        Assert.Contains("training", queues);
        Assert.Contains("default", queues);
        Assert.Equal("cpu", root.GetProperty("torch").GetProperty("device").GetString());
        Assert.Equal("0.107.0", root.GetProperty("torch").GetProperty("version").GetString());
    }

    [Fact]
    public async Task The_database_file_lives_in_the_configured_data_directory_in_wal_mode()
    {
        using var client = app.CreateClient();
        (await client.GetAsync("/healthz")).Dispose();
        var database = Path.Combine(app.DataDirectory, "newsclassifier.db");
        Assert.True(File.Exists(database));
        // The WAL header's file-format bytes (offsets 18 and 19) are 2 in WAL mode, 1 in rollback mode.
        using var file = new FileStream(database, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var header = new byte[20];
        file.ReadExactly(header);
        Assert.Equal(2, header[18]);
        Assert.Equal(2, header[19]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/datasets")]
    [InlineData("/datasets/import")]
    [InlineData("/jobs")]
    [InlineData("/labeling")]
    [InlineData("/experiments")]
    public async Task Pages_render(string path)
    {
        using var client = await app.ClientAsync();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("NewsClassifier", html);
        Assert.Contains("_content/MudBlazor/MudBlazor.min", html);
    }

    [Fact]
    public async Task MudBlazor_assets_and_the_app_stylesheet_are_served()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).StatusCode);
    }
}
