using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Domain.Pretrained;
using static NewsClassifier.Application.Tests.Pretrained.PretrainedTestApp;

namespace NewsClassifier.Application.Tests.Pretrained;

/// <summary>Hub downloads against a local HTTP server (<see cref="LocalHub"/>), through the app's real services and jobs.</summary>
public sealed class HubDownloadTests(NewsHost app) : IClassFixture<NewsHost>, IAsyncLifetime
{
    private LocalHub _hub = null!;
    private Dictionary<string, byte[]> _files = null!;

    public async Task InitializeAsync()
    {
        _hub = await LocalHub.StartAsync();
        var folder = TinyCheckpoint.Write(Path.Combine(app.DataDirectory, "source-" + Guid.NewGuid().ToString("N")));
        _files = TinyCheckpoint.Files(folder);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private PretrainedRequest Hub(string modelId) => new() { HubId = modelId, HubUrl = _hub.BaseUrl, CreatedBy = "test" };

    [Fact]
    public async Task Downloads_a_model_through_the_cdn_redirect_with_progress_and_a_checked_sha256()
    {
        _hub.RedirectLfs = true;
        _hub.AddModel("google/tiny-ok", _files);
        var reports = new List<PretrainedStatus>();

        var row = await ImportInlineAsync(app, Hub("google/tiny-ok"), reports);

        Assert.True(row.State == PretrainedState.Ready, row.Error);
        Assert.Equal("google/tiny-ok", row.Name);
        Assert.Equal(PretrainedSourceKind.Hub, row.SourceKind);
        Assert.Equal("main", row.Revision);
        Assert.Equal((2, 32, 2, 20), (row.NumLayers, row.HiddenSize, row.NumHeads, row.VocabSize));
        Assert.Equal(TinyCheckpoint.Config.BodyParameterCount(), row.ParameterCount);
        Assert.Equal(TinyCheckpoint.Shapes().Sum(s => s.Shape.Aggregate(1L, (a, b) => a * b)), row.ParameterCount);
        Assert.Equal("safetensors", row.WeightsFormat);
        Assert.True(row.LowerCase);
        var folder = FolderOf(app, row);
        Assert.Equal(_files["model.safetensors"], await File.ReadAllBytesAsync(Path.Combine(folder, "model.safetensors")));
        Assert.Equal(_files.Values.Sum(b => (long)b.Length), row.TotalBytes);
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));

        // tokenizer_config.json is optional: its 404 did not stop the import. The weights came from the CDN.
        Assert.Single(_hub.RequestsFor("tokenizer_config.json"));
        Assert.Contains(_hub.Requests, r => r.Path == "/cdn/google/tiny-ok/model.safetensors");
        Assert.Contains(reports, r => r.Phase == "downloading model.safetensors" && r.BytesTotal > 0);
        var downloaded = reports.Where(r => r.State == PretrainedState.Downloading).Select(r => r.BytesDone).ToList();
        Assert.Equal(downloaded.Order(), downloaded);
        Assert.Equal(PretrainedState.Ready, reports[^1].State);
    }

    [Fact]
    public async Task A_config_with_100000_layers_is_refused_before_the_weights_are_downloaded()
    {
        var files = new Dictionary<string, byte[]>(_files)
        {
            ["config.json"] = System.Text.Encoding.UTF8.GetBytes(TinyCheckpoint.ConfigJson(TinyCheckpoint.Config with { NumHiddenLayers = 100_000 })),
        };
        _hub.AddModel("google/tiny-deep", files);

        var row = await ImportInlineAsync(app, Hub("google/tiny-deep"));

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.Contains("num_hidden_layers", row.Error);
        Assert.Empty(_hub.RequestsFor("model.safetensors"));
        Assert.Empty(_hub.RequestsFor("vocab.txt"));
    }

    [Fact]
    public async Task An_unknown_model_id_fails_with_the_url_and_leaves_no_ready_row()
    {
        var row = await ImportInlineAsync(app, Hub("nobody/no-such-model"));

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.Contains("not found or not a BERT checkpoint", row.Error);
        Assert.Contains($"{_hub.BaseUrl}nobody/no-such-model/resolve/main/config.json", row.Error);
        Assert.Null(row.ParameterCount);
    }

    [Fact]
    public async Task A_download_whose_sha256_differs_from_the_etag_fails_and_is_discarded()
    {
        _hub.AddModel("google/tiny-corrupt", _files);
        _hub.WrongSha256["model.safetensors"] = new string('a', 64);

        var row = await ImportInlineAsync(app, Hub("google/tiny-corrupt"));

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.Contains("corrupt", row.Error);
        Assert.Contains("SHA-256", row.Error);
        var folder = FolderOf(app, row);
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors.partial")));
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_fails_clearly()
    {
        _hub.AddModel("google/tiny-truncated", _files);
        _hub.AlwaysTruncateAt["model.safetensors"] = 1000;

        var row = await ImportInlineAsync(app, Hub("google/tiny-truncated"));

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.Contains("model.safetensors", row.Error);
        Assert.Contains($"of {_files["model.safetensors"].Length:N0}", row.Error);
        Assert.Null(row.ParameterCount);
    }

    [Fact]
    public async Task A_dropped_connection_fails_then_the_retry_resumes_with_a_range_request()
    {
        _hub.AddModel("google/tiny-resume", _files);
        const long cut = 20_000;
        _hub.DropOnceAfter["model.safetensors"] = cut;

        var failed = await SubmitAndWaitAsync(app, Hub("google/tiny-resume"));
        Assert.Equal(PretrainedState.Failed, failed.State);
        Assert.Contains("resume", failed.Error);
        var partial = Path.Combine(FolderOf(app, failed), "model.safetensors.partial");
        Assert.True(new FileInfo(partial).Length > 0);

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().RetryAsync(failed.Id, CancellationToken.None);
        var ready = await WaitAsync(app, failed.Id);

        Assert.True(ready.State == PretrainedState.Ready, ready.Error);
        var weights = _hub.RequestsFor("model.safetensors").ToList();
        Assert.Equal(2, weights.Count);
        Assert.Null(weights[0].Range);
        Assert.Equal($"bytes={cut}-", weights[1].Range);
        Assert.Equal(_files["model.safetensors"], await File.ReadAllBytesAsync(Path.Combine(FolderOf(app, ready), "model.safetensors")));
        // The finished files were kept: config.json was fetched once.
        Assert.Single(_hub.RequestsFor("config.json"));
    }

    [Fact]
    public async Task A_running_download_can_be_cancelled_and_ends_failed_as_cancelled()
    {
        _hub.AddModel("google/tiny-slow", _files);
        _hub.Slow["model.safetensors"] = true;
        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<PretrainedLauncher>();
        var id = await queue.SubmitAsync(Hub("google/tiny-slow"), restrictServerPaths: false, CancellationToken.None);
        for (var i = 0; i < 200 && (await GetAsync(app, id))!.BytesDone == 0; i++) await Task.Delay(50);
        Assert.Equal(PretrainedState.Downloading, (await GetAsync(app, id))!.State);

        Assert.True(await queue.CancelAsync(id, CancellationToken.None));
        var row = await WaitAsync(app, id);

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.StartsWith("Cancelled", row.Error);
        Assert.False(await queue.CancelAsync(id, CancellationToken.None)); // finished: nothing left to cancel
        Assert.True(await queue.DeleteAsync(id, CancellationToken.None));
        Assert.False(Directory.Exists(FolderOf(app, row)));
    }

    [Fact]
    public async Task Falls_back_to_pytorch_model_bin_when_there_is_no_safetensors()
    {
        var binFolder = TinyCheckpoint.Write(Path.Combine(app.DataDirectory, "bin-" + Guid.NewGuid().ToString("N")), bin: true);
        _hub.AddModel("google/tiny-bin", TinyCheckpoint.Files(binFolder));

        var row = await ImportInlineAsync(app, Hub("google/tiny-bin"));

        Assert.True(row.State == PretrainedState.Ready, row.Error);
        Assert.Equal("pytorch_bin", row.WeightsFormat);
        Assert.Single(_hub.RequestsFor("model.safetensors"));
        Assert.Single(_hub.RequestsFor("pytorch_model.bin"));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_downloading()
    {
        _hub.AddModel("google/tiny-big", _files);
        var client = new HubClient(app.Services.GetRequiredService<FileDownloader>(),
            Options.Create(new PretrainedOptions { HubBaseUrl = _hub.BaseUrl, MaxDownloadBytes = 10_000 }), NullLogger<HubClient>.Instance);
        var folder = Path.Combine(app.DataDirectory, "big-" + Guid.NewGuid().ToString("N"));

        var e = await Assert.ThrowsAsync<DownloadException>(() => client.DownloadAsync("google/tiny-big", "main", null, folder, null, CancellationToken.None));

        Assert.Contains("over the 10,000-byte download limit", e.Message);
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors.partial")));
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public async Task A_file_that_does_not_announce_its_size_is_stopped_at_the_limit_while_streaming()
    {
        _hub.AddModel("google/tiny-unannounced", _files);
        _hub.Unannounced["model.safetensors"] = true;
        var client = new HubClient(app.Services.GetRequiredService<FileDownloader>(),
            Options.Create(new PretrainedOptions { HubBaseUrl = _hub.BaseUrl, MaxDownloadBytes = 10_000 }), NullLogger<HubClient>.Instance);
        var folder = Path.Combine(app.DataDirectory, "unannounced-" + Guid.NewGuid().ToString("N"));

        var e = await Assert.ThrowsAsync<DownloadException>(() => client.DownloadAsync("google/tiny-unannounced", "main", null, folder, null, CancellationToken.None));

        Assert.Contains("went past the 10,000-byte download limit", e.Message);
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors.partial")));
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors")));
    }

    [Fact]
    public async Task A_gated_model_names_the_token_setting_and_the_token_does_not_follow_the_cdn_redirect()
    {
        _hub.AddModel("google/tiny-gated", _files);
        _hub.RequiredToken = "hf_secret";
        _hub.RedirectLfs = true;
        HubClient Client(string? token) => new(app.Services.GetRequiredService<FileDownloader>(),
            Options.Create(new PretrainedOptions { HubBaseUrl = _hub.BaseUrl, HubToken = token }), NullLogger<HubClient>.Instance);

        var refused = await Assert.ThrowsAsync<PretrainedException>(() => Client(null).DownloadAsync(
            "google/tiny-gated", "main", null, Path.Combine(app.DataDirectory, "gated-" + Guid.NewGuid().ToString("N")), null, CancellationToken.None));
        Assert.Contains("HTTP 401", refused.Message);
        Assert.Contains("Pretrained:HubToken", refused.Message);

        var files = await Client("hf_secret").DownloadAsync(
            "google/tiny-gated", "main", null, Path.Combine(app.DataDirectory, "gated-" + Guid.NewGuid().ToString("N")), null, CancellationToken.None);
        Assert.Contains("model.safetensors", files);
        Assert.All(_hub.Requests.Where(r => r.Path.StartsWith("/cdn/")), r => Assert.Null(r.Authorization));
        Assert.Contains(_hub.Requests, r => r.Path.EndsWith("/resolve/main/config.json") && r.Authorization == "Bearer hf_secret");
    }
}
