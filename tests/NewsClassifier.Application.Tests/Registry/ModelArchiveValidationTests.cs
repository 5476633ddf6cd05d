using System.Text.Json.Nodes;
using NewsClassifier.Application.Registry;

namespace NewsClassifier.Application.Tests.Registry;

/// <summary>A model archive is validated in full before anything is moved into place: a card missing a field, label
/// names that are short, duplicated or blank, are refused with the reason, and leave no folder, run or version.</summary>
public sealed class ModelArchiveValidationTests(RegistryHostFixture fixture) : IClassFixture<RegistryHostFixture>
{
    private string ImportedRoot => Path.Combine(fixture.App.DataDirectory, "artifacts", "imported");

    private async Task<byte[]> ExportAsync()
    {
        using var scope = fixture.App.Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        if ((await registry.ListAsync(CancellationToken.None)).All(m => m.Model.Name != "to-validate"))
            await registry.RegisterAsync(fixture.NewerRunId, "to-validate", "test", CancellationToken.None);
        using var zip = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<ModelArchive>().ExportAsync("to-validate:1", zip, CancellationToken.None);
        return zip.ToArray();
    }

    private async Task<(int Runs, int Versions, string[] Folders)> StateAsync()
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return (await db.TrainingRuns.CountAsync(), await db.ModelVersions.CountAsync(),
            Directory.Exists(ImportedRoot) ? Directory.GetFileSystemEntries(ImportedRoot).Order().ToArray() : []);
    }

    private async Task AssertRefusedAsync(byte[] zip, string message)
    {
        var before = await StateAsync();
        using var scope = fixture.App.Services.CreateScope();
        var refused = await Assert.ThrowsAsync<RegistryException>(() =>
            scope.ServiceProvider.GetRequiredService<ModelArchive>().ImportAsync(new MemoryStream(zip), "refused-import", "test", CancellationToken.None));
        Assert.Equal(message, refused.Message);
        var after = await StateAsync();
        Assert.Equal(before.Runs, after.Runs);
        Assert.Equal(before.Versions, after.Versions);
        Assert.Equal(before.Folders, after.Folders); // neither the model folder nor its .partial staging folder is left
    }

    [Fact]
    public async Task A_card_with_a_null_or_missing_field_is_refused_and_leaves_nothing()
    {
        var zip = await ExportAsync();
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, ModelCard.FileName, card => card["dataset"] = null), "model-card.json has no dataset.");
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, ModelCard.FileName, card => card["files"] = null), "model-card.json has no files.");
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, ModelCard.FileName, card => card["recipe"] = "rm -rf"),
            "model-card.json names the recipe 'rm -rf', which this app does not know.");
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, ModelCard.FileName, card => card["dataset"]!["name"] = null), "model-card.json has no dataset name.");
    }

    [Fact]
    public async Task Label_names_that_are_short_duplicated_or_blank_are_refused_and_leave_nothing()
    {
        var zip = await ExportAsync();
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, "config.json", c => c["label_names"] = new JsonArray("World", "Sports", "Business")),
            "config.json: label_names has 3 names but the model outputs 4 classes.");
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, "config.json", c => c["label_names"] = new JsonArray("World", "Sports", "Business", "Sci/Tech", "Health")),
            "config.json: label_names has 5 names but the model outputs 4 classes.");
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, "config.json", c => c["label_names"] = new JsonArray("World", "Sports", "world ", "Sci/Tech")),
            "config.json: label_names has 'World' twice.");
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, "config.json", c => c["label_names"] = new JsonArray("World", " ", "Business", "Sci/Tech")),
            "config.json: label_names has a blank name.");
        await AssertRefusedAsync(ModelArchiveEditor.Rewrite(zip, "config.json", c => c["label_names"] = new JsonArray("World")),
            "config.json: label_names has 1 name(s); a classifier has at least 2.");
    }

    [Fact]
    public async Task A_valid_archive_still_imports_after_the_checks()
    {
        var zip = await ExportAsync();
        using var scope = fixture.App.Services.CreateScope();
        var version = await scope.ServiceProvider.GetRequiredService<ModelArchive>().ImportAsync(new MemoryStream(zip), "validated-copy", "test", CancellationToken.None);
        Assert.Equal(1, version.Version);
        Assert.DoesNotContain(Directory.GetDirectories(ImportedRoot), d => d.EndsWith(".partial", StringComparison.Ordinal));
    }
}
