using System.IO.Compression;
using System.Net.Http.Headers;
using NewsClassifier.Application.Registry;

namespace NewsClassifier.Web.Tests.Registry;

/// <summary>Export a version as one zip, import it as a new model that answers exactly like the original; bad archives are refused.</summary>
public sealed class ModelArchiveTests(RegistryAppFixture fixture) : IClassFixture<RegistryAppFixture>
{
    private async Task<byte[]> ExportAsync(HttpClient client, string name)
    {
        if ((await client.GetAsync($"/api/models/{name}")).StatusCode == HttpStatusCode.NotFound)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/models", new { runId = fixture.NewerRunId, name })).StatusCode);
        var response = await client.GetAsync($"/api/models/{name}/versions/1/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] zip, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "model.zip");
        form.Add(new StringContent(name), "name");
        return client.PostAsync("/api/models/import", form);
    }

    /// <summary>The archive with <paramref name="change"/> applied to its entries.</summary>
    private static byte[] Rewrite(byte[] zip, Action<ZipArchive> change)
    {
        var copy = new MemoryStream();
        copy.Write(zip);
        using (var archive = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true)) change(archive);
        return copy.ToArray();
    }

    [Fact]
    public async Task An_exported_model_imports_as_a_new_model_that_gives_the_same_predictions()
    {
        using var client = await fixture.App.ClientAsync();
        var zip = await ExportAsync(client, "exported");

        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            Assert.Equal(["config.json", "model-card.json", "vocab.json", "weights.dat"], archive.Entries.Select(e => e.FullName).Order());
            using var card = JsonDocument.Parse(archive.GetEntry(ModelCard.FileName)!.Open());
            var root = card.RootElement;
            Assert.Equal(("exported", 1, fixture.NewerRunId), (root.GetProperty("name").GetString(), root.GetProperty("version").GetInt32(), root.GetProperty("run_id").GetInt32()));
            Assert.Equal("custom", root.GetProperty("recipe").GetString());
            Assert.Equal("8", root.GetProperty("parameters").GetProperty("embed_dim").GetString());
            Assert.Equal("registry-sample", root.GetProperty("dataset").GetProperty("name").GetString());
            Assert.Equal(64, root.GetProperty("dataset").GetProperty("snapshot_hash").GetString()!.Length);
            Assert.Equal(4, root.GetProperty("validation").GetProperty("metrics").GetProperty("confusion_matrix").GetArrayLength());
            Assert.Contains("TorchSharp", root.GetProperty("library_versions").GetString());
            Assert.Equal(3, root.GetProperty("files").GetArrayLength());
        }

        var imported = await ImportAsync(client, zip, "imported-copy");
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var version = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        var importedRunId = version.GetProperty("runId").GetInt32();
        Assert.NotEqual(fixture.NewerRunId, importedRunId);
        Assert.Equal("custom", version.GetProperty("recipe").GetString());

        using (var scope = fixture.App.Services.CreateScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<NewsClassifier.Application.Runs.RunQueries>().GetRunAsync(importedRunId, CancellationToken.None);
            Assert.Equal(NewsClassifier.Domain.Runs.RunState.Succeeded, run!.State);
            Assert.Equal("import", run.StartedBy);
            Assert.Equal("registry-sample", run.DatasetName);
            Assert.StartsWith(Path.Combine(fixture.App.DataDirectory, "artifacts", "imported"), run.ArtifactPath);
            Assert.NotNull(run.EvaluationJson);
        }

        foreach (var (title, text) in new[] { ("Cup final", "The home side won on penalties."), ("Stocks slide", "Shares fell as oil rose."), ("", "A new chip was announced.") })
        {
            var original = await ClassifyAsync(client, "exported:1", title, text);
            var copy = await ClassifyAsync(client, "imported-copy:1", title, text);
            Assert.Equal(importedRunId, copy.GetProperty("runId").GetInt32());
            Assert.Equal(original.GetProperty("label").GetString(), copy.GetProperty("label").GetString());
            var a = original.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
            var b = copy.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
            Assert.Equal(a.Keys, b.Keys);
            foreach (var key in a.Keys) Assert.Equal(a[key], b[key], 6);
        }
    }

    private static async Task<JsonElement> ClassifyAsync(HttpClient client, string model, string title, string text)
    {
        var response = await client.PostAsJsonAsync("/api/classify", new { model, title, text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Archives_with_a_path_outside_the_folder_missing_or_changed_files_are_refused()
    {
        using var client = await fixture.App.ClientAsync();
        var zip = await ExportAsync(client, "to-tamper");

        var evil = Rewrite(zip, a => { using var w = new StreamWriter(a.CreateEntry("../evil").Open()); w.Write("boo"); });
        await AssertRefusedAsync(client, evil, "'../evil' is not a plain file name");
        Assert.False(File.Exists(Path.Combine(fixture.App.DataDirectory, "artifacts", "evil")));

        var noWeights = Rewrite(zip, a => a.GetEntry("weights.dat")!.Delete());
        await AssertRefusedAsync(client, noWeights, "lacks weights.dat");

        var changed = Rewrite(zip, a =>
        {
            a.GetEntry("vocab.json")!.Delete();
            using var w = new StreamWriter(a.CreateEntry("vocab.json").Open());
            w.Write("{}");
        });
        await AssertRefusedAsync(client, changed, "vocab.json does not match the model card");

        var noCard = Rewrite(zip, a => a.GetEntry(ModelCard.FileName)!.Delete());
        await AssertRefusedAsync(client, noCard, "no model-card.json");

        await AssertRefusedAsync(client, "not a zip"u8.ToArray(), "not a zip archive");

        // Nothing was registered and no half-copied folder is left behind.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/models/tampered")).StatusCode);
        var imported = Path.Combine(fixture.App.DataDirectory, "artifacts", "imported");
        Assert.Empty(Directory.Exists(imported) ? Directory.GetDirectories(imported, "tampered-*") : []);
    }

    private static async Task AssertRefusedAsync(HttpClient client, byte[] zip, string reason)
    {
        var response = await ImportAsync(client, zip, "tampered");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }
}
