using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Tests.Outbound;

/// <summary>
/// Requests that name a URL are refused before a row is written when the guard can tell (credentials, a refused
/// address), and a refusal found only while downloading (a redirect) fails the import with the rule, with no dataset
/// and no file left behind. NewsHost allows 127.0.0.1 and localhost only.
/// </summary>
public sealed class OutboundRequestsTests(NewsHost app) : IClassFixture<NewsHost>
{
    private async Task<(int Imports, int Checkpoints, int Datasets)> CountsAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return (await db.DatasetImports.CountAsync(), await db.PretrainedCheckpoints.CountAsync(), await db.Datasets.CountAsync());
    }

    [Theory]
    [InlineData("https://alice:s3cret@example.com/train.csv", "carries a user name or password before its host")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "resolves to 169.254.169.254, a link-local address: this server does not fetch from loopback")]
    [InlineData("http://[::ffff:10.0.0.7]/train.csv", "a private address: this server does not fetch from loopback")]
    public async Task A_dataset_url_import_is_refused_before_it_is_recorded(string url, string expected)
    {
        var before = await CountsAsync();
        using var scope = app.Services.CreateScope();

        var e = await Assert.ThrowsAsync<ImportRequestException>(() => scope.ServiceProvider.GetRequiredService<ImportLauncher>()
            .SubmitAsync(new ImportSubmission("refused-url", ImportSourceKind.Url, url, new ImportSpec()), CancellationToken.None));

        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("https://bob:hf_token@hub.example.com/", "carries a user name or password before its host")]
    [InlineData("http://10.20.30.40/", "resolves to 10.20.30.40, a private address")]
    public async Task A_hub_url_is_refused_before_the_checkpoint_is_recorded(string hubUrl, string expected)
    {
        var before = await CountsAsync();
        using var scope = app.Services.CreateScope();

        var e = await Assert.ThrowsAsync<PretrainedException>(() => scope.ServiceProvider.GetRequiredService<PretrainedRequests>()
            .CreateAsync(new PretrainedRequest { HubId = "google/tiny", HubUrl = new Uri(hubUrl), CreatedBy = "test" }, restrictServerPaths: true, CancellationToken.None));

        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("hf_token", e.Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_redirect_to_a_refused_address_fails_the_import_with_the_rule_and_leaves_nothing()
    {
        await using var server = await LocalWebServer.StartAsync(web =>
            web.MapGet("/train.csv", () => Results.Redirect("http://169.254.169.254/latest/meta-data/iam/")));
        var before = await CountsAsync();
        using var scope = app.Services.CreateScope();

        var id = await scope.ServiceProvider.GetRequiredService<ImportLauncher>()
            .SubmitAsync(new ImportSubmission("redirected", ImportSourceKind.Url, server.Url("/train.csv").AbsoluteUri, new ImportSpec()), CancellationToken.None);
        var import = await WaitAsync(scope.ServiceProvider.GetRequiredService<ImportHistory>(), id);

        Assert.Equal(ImportState.Failed, import.State);
        Assert.Equal($"{server.Url("/train.csv")} redirected to an address that is refused: http://169.254.169.254/latest/meta-data/iam/ resolves to " +
                     "169.254.169.254, a link-local address: this server does not fetch from loopback, private, link-local or multicast addresses " +
                     "(Outbound:AllowedHosts lists exceptions).", import.Message);
        Assert.Null(import.DatasetId);
        Assert.Equal((before.Imports + 1, before.Checkpoints, before.Datasets), await CountsAsync());
        var staging = app.Services.GetRequiredService<DataPaths>().StagingDirectory;
        Assert.Empty(Directory.GetFiles(staging, $"import-{id}.download*"));
        Assert.Equal(["/train.csv"], server.Requests);
    }

    [Fact]
    public async Task A_url_recorded_with_credentials_before_the_rule_is_shown_without_them()
    {
        int id;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
        {
            var row = new DatasetImport
            {
                DatasetName = "legacy", SourceKind = ImportSourceKind.Url, Source = "https://carol:pa55@example.com/data/train.csv",
                SpecJson = "{}", State = ImportState.Failed, CreatedAt = DateTime.UtcNow,
            };
            db.DatasetImports.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }
        using var scope = app.Services.CreateScope();
        var history = scope.ServiceProvider.GetRequiredService<ImportHistory>();

        Assert.Equal("https://example.com/data/train.csv", (await history.GetAsync(id, CancellationToken.None))!.Source);
        Assert.Equal("https://example.com/data/train.csv", (await history.RecentAsync(100, CancellationToken.None)).Single(i => i.Id == id).Source);
    }

    private static async Task<ImportView> WaitAsync(ImportHistory history, int id)
    {
        for (var i = 0; i < 300; i++)
        {
            var import = await history.GetAsync(id, CancellationToken.None);
            if (import!.IsFinished) return import;
            await Task.Delay(100);
        }
        throw new TimeoutException($"import {id} did not finish in 30 s");
    }
}
