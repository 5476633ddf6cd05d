using System.IO.Compression;
using System.Text.Json.Serialization;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.TestSupport;
using NewsClassifier.Web.Apis;

namespace NewsClassifier.Web.Tests.Pretrained;

/// <summary>/api/pretrained over real HTTP: the import runs as the app's Hangfire job.</summary>
public sealed class PretrainedApiTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private async Task<PretrainedApi.CheckpointResponse> WaitAsync(HttpClient client, Uri location)
    {
        for (var i = 0; i < 600; i++)
        {
            var row = (await client.GetFromJsonAsync<PretrainedApi.CheckpointResponse>(location, Json))!;
            if (row.State is PretrainedState.Ready or PretrainedState.Failed) return row;
            await Task.Delay(100);
        }
        throw new TimeoutException("the import did not finish in 60 s");
    }

    [Fact]
    public async Task Posting_a_server_folder_queues_a_job_and_the_checkpoint_becomes_ready_with_its_parameter_count()
    {
        var client = await app.ClientAsync();
        var folder = TinyCheckpoint.Write(Path.Combine(app.DataDirectory, "api-folder"));

        var response = await client.PostAsJsonAsync("/api/pretrained", new { path = folder, name = "api-tiny" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = (await response.Content.ReadFromJsonAsync<PretrainedApi.CheckpointResponse>(Json))!;
        Assert.Equal("api-tiny", queued.Name);
        var ready = await WaitAsync(client, response.Headers.Location!);
        Assert.True(ready.State == PretrainedState.Ready, ready.Error);
        Assert.Equal(TinyCheckpoint.Config.BodyParameterCount(), ready.ParameterCount);
        Assert.Equal((2, 32, 2), (ready.NumLayers!.Value, ready.HiddenSize!.Value, ready.NumHeads!.Value));

        var list = (await client.GetFromJsonAsync<List<PretrainedApi.CheckpointResponse>>("/api/pretrained", Json))!;
        Assert.Contains(list, c => c.Name == "api-tiny" && c.State == PretrainedState.Ready);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/pretrained/{ready.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/pretrained/{ready.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_zip_upload_is_imported_and_bad_requests_are_refused_with_a_reason()
    {
        var client = await app.ClientAsync();
        var folder = TinyCheckpoint.Write(Path.Combine(app.DataDirectory, "api-zip-source"));
        using var zipBytes = new MemoryStream();
        using (var zip = new ZipArchive(zipBytes, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in Directory.GetFiles(folder)) zip.CreateEntryFromFile(file, Path.GetFileName(file));
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zipBytes.ToArray()), "file", "uploaded-tiny.zip" },
            { new StringContent("uploaded-tiny"), "name" },
        };

        var response = await client.PostAsync("/api/pretrained", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ready = await WaitAsync(client, response.Headers.Location!);
        Assert.True(ready.State == PretrainedState.Ready, ready.Error);
        Assert.Equal(PretrainedSourceKind.Upload, ready.SourceKind);
        Assert.Equal("uploaded-tiny.zip", ready.Source);

        var outside = await client.PostAsJsonAsync("/api/pretrained", new { path = "/etc" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("Import:ServerPathRoots", await outside.Content.ReadAsStringAsync());

        var badId = await client.PostAsJsonAsync("/api/pretrained", new { hubId = "../../etc/passwd" });
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("not a hub model id", await badId.Content.ReadAsStringAsync());
    }
}
