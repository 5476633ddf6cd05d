using System.Text.Json.Nodes;
using NewsClassifier.TestSupport;

namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>The "rules" slice: labelling rules on the server (no annotation for a gold article, reports need a labelling
/// role and are bounded), <c>pretrained=</c> only names an imported checkpoint from the API, model archives with a broken
/// card or label names are refused before anything moves, and a symbolic link inside an import root cannot reach outside.</summary>
[Collection(HostileCollection.Name)]
public sealed class RulesCases(HostileApp app)
{
    [Fact]
    public Task An_annotation_for_an_article_that_already_has_gold_is_refused() =>
        Hostile.RefusedAsync(app, "Annotator", c => c.PostAsJsonAsync($"/api/labeling/{app.DatasetId}/annotations",
            new { articleId = app.ArticleIds[0], labelId = app.LabelIds[1] }), HttpStatusCode.BadRequest, $"Article {app.ArticleIds[0]} already has a gold label.");

    [Fact]
    public Task A_report_longer_than_the_cap_is_refused() =>
        Hostile.RefusedAsync(app, "Annotator", c => c.PostAsJsonAsync($"/api/labeling/{app.DatasetId}/reports",
            new { title = "Flood", text = new string('x', 20_001), labelId = app.LabelIds[0] }), HttpStatusCode.BadRequest,
            "A reported article has at most 20,000 characters");

    [Theory]
    [InlineData("/etc")]
    [InlineData("../../../../etc")]
    [InlineData("~/.ssh")]
    public Task A_bert_run_on_a_server_folder_instead_of_an_imported_checkpoint_is_refused(string pretrained) =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/runs", new
        {
            datasetId = app.DatasetId, recipe = "bert-frozen", parameters = new Dictionary<string, string> { ["pretrained"] = pretrained, ["max_length"] = "32" },
        }), HttpStatusCode.BadRequest, "pretrained must name an imported checkpoint (Models > Pretrained).");

    [Fact]
    public async Task A_model_archive_whose_card_has_a_null_dataset_is_refused()
    {
        var archive = ModelArchiveEditor.Rewrite(await ExportAsync(), "model-card.json", card => card["dataset"] = null);
        await ImportRefusedAsync(archive, "model-card.json has no dataset.");
    }

    [Fact]
    public async Task A_model_archive_with_fewer_label_names_than_classes_is_refused()
    {
        var archive = ModelArchiveEditor.Rewrite(await ExportAsync(), "config.json", config => config["label_names"]!.AsArray().RemoveAt(0));
        await ImportRefusedAsync(archive, "label_names has 3 names but the model outputs 4 classes.");
    }

    [Fact]
    public async Task A_model_archive_with_duplicate_label_names_is_refused()
    {
        var archive = ModelArchiveEditor.Rewrite(await ExportAsync(), "config.json", config => config["label_names"]![1] = ((string?)config["label_names"]![0])!.ToUpperInvariant());
        await ImportRefusedAsync(archive, "label_names has");
    }

    [Fact]
    public async Task A_checkpoint_folder_linked_from_inside_the_import_root_to_outside_is_refused()
    {
        var link = Path.Combine(app.ImportRoot, $"linked-{Guid.NewGuid():N}");
        Directory.CreateSymbolicLink(link, "/etc");
        try
        {
            await Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/pretrained", new { path = link, name = "linked-out" }),
                HttpStatusCode.BadRequest, $"'{link}' is outside the folders this server imports from (Import:ServerPathRoots).");
        }
        finally
        {
            Directory.Delete(link); // the link only, not /etc
        }
    }

    private Task ImportRefusedAsync(byte[] archive, string message) =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsync("/api/models/import", HostileZip.Form(archive, name: "rules-import")),
            HttpStatusCode.BadRequest, message);

    private async Task<byte[]> ExportAsync()
    {
        using var response = await app.Client("Scientist").GetAsync($"/api/models/{HostileApp.ModelName}/versions/1/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
