using System.Diagnostics;
using System.IO.Compression;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Resources;
using NewsClassifier.Application.Training;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.Domain.Runs;
using static NewsClassifier.Application.Tests.Pretrained.PretrainedTestApp;

namespace NewsClassifier.Application.Tests.Resources;

/// <summary>Models sized before they are built, in the real app: training requests, pretrained imports (default budget from the machine's memory).</summary>
public sealed class ResourceBudgetTests(NewsHost app) : IClassFixture<NewsHost>
{
    /// <summary>The issue's measurement: inside every range, 22.7 GB before the kernel killed the process.</summary>
    public static readonly IReadOnlyDictionary<string, string> Giant = new Dictionary<string, string>
    {
        ["embed_dim"] = "4096", ["num_heads"] = "64", ["key_dim"] = "1024", ["num_blocks"] = "48",
    };

    private string NewFolder(string prefix) => Path.Combine(app.DataDirectory, $"{prefix}-{Guid.NewGuid():N}");

    private async Task<int> RunCountAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.TrainingRuns.CountAsync();
    }

    [Fact]
    public async Task The_giant_model_is_refused_by_training_requests_in_under_a_second_naming_the_budget()
    {
        var dataset = await SampleData.ImportSampleAsync(app, "budget-sample", rows: 40);
        var runsBefore = await RunCountAsync();
        using var scope = app.Services.CreateScope();
        var budget = scope.ServiceProvider.GetRequiredService<ResourceBudget>();

        var watch = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<TrainingRequestException>(() => scope.ServiceProvider.GetRequiredService<RunLauncher>()
            .SubmitAsync(new TrainingRequest(dataset, "custom", Giant), CancellationToken.None));
        watch.Stop();

        var message = Assert.Single(refused.Errors);
        Assert.Matches(@"^This model needs about [\d.]+ TB to train \(51\.\d+ billion parameters at batch 128 x 256 tokens\); " +
                       @"the budget is [\d.]+ GB \(Resources:MaxTrainingBytes\)\.$", message);
        Assert.Contains(ResourceBudget.Bytes(budget.TrainingBytes), message);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"refused after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(runsBefore, await RunCountAsync()); // no run recorded, nothing queued
    }

    [Fact]
    public async Task A_config_of_100000_layers_is_refused_on_folder_and_zip_import_before_any_model_is_built()
    {
        var folder = TinyCheckpoint.Write(NewFolder("deep"));
        File.WriteAllText(Path.Combine(folder, "config.json"), TinyCheckpoint.ConfigJson(TinyCheckpoint.Config with { NumHiddenLayers = 100_000 }));
        var zipPath = NewFolder("deep-upload") + ".zip";
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
            foreach (var file in Directory.GetFiles(folder)) zip.CreateEntryFromFile(file, "deep/" + Path.GetFileName(file));

        var watch = Stopwatch.StartNew();
        var fromFolder = await ImportInlineAsync(app, new PretrainedRequest { Path = folder, Name = "deep-folder" });
        var fromZip = await ImportInlineAsync(app, new PretrainedRequest { StagedZip = zipPath, ZipFileName = "deep.zip" });
        watch.Stop();

        foreach (var row in new[] { fromFolder, fromZip })
        {
            Assert.Equal(PretrainedState.Failed, row.State);
            Assert.Equal("config.json: 'num_hidden_layers' is 100,000, above the limit of 128 for a BERT checkpoint (no published BERT comes near it).", row.Error);
            Assert.Null(row.ParameterCount);
        }
        // Building 100,000 layers (or even reading them) would take minutes and gigabytes; the refusal is immediate.
        Assert.True(watch.ElapsedMilliseconds < 5000, $"both refused after {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(false, "model.safetensors")]
    [InlineData(true, "pytorch_model.bin")]
    public async Task A_config_that_claims_more_than_the_weights_hold_is_refused_from_the_weights_index(bool bin, string weightsFile)
    {
        // 100 layers is within the bounds, but the file holds the tiny model's 2.
        var folder = TinyCheckpoint.Write(NewFolder("mismatch"), bin: bin);
        var claimed = TinyCheckpoint.Config with { NumHiddenLayers = 100 };
        File.WriteAllText(Path.Combine(folder, "config.json"), TinyCheckpoint.ConfigJson(claimed));
        long listed = TinyCheckpoint.Shapes().Sum(s => s.Shape.Aggregate(1L, (a, b) => a * b));

        var row = await ImportInlineAsync(app, new PretrainedRequest { Path = folder, Name = "mismatch-" + (bin ? "bin" : "st") });

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.Equal($"config.json describes a BERT body of {claimed.BodyParameterCount():N0} parameters (100 layers, hidden 32), but {weightsFile} lists only " +
                     $"{listed:N0} values in {TinyCheckpoint.Shapes().Count()} tensors: the config does not belong to these weights.", row.Error);
    }
}

/// <summary>A host with tight budgets (64 MB to train, 100 KB per loaded model): a tiny run still trains; what is above is refused where it would be built.</summary>
public sealed class TightBudgetTests : IAsyncLifetime
{
    private NewsHost _app = null!;

    public async Task InitializeAsync() => _app = await NewsHost.StartAsync(new Dictionary<string, string?>
    {
        ["Resources:MaxTrainingBytes"] = (64L * 1024 * 1024).ToString(),
        ["Resources:MaxModelBytes"] = "100000",
    });

    public Task DisposeAsync() => _app.DisposeAsync();

    /// <summary>A run row as RunLauncher records it, written directly: queued before the budget was lowered.</summary>
    private async Task<int> QueueDirectlyAsync(int datasetId, IReadOnlyDictionary<string, string> parameters)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var run = new TrainingRun
        {
            DatasetId = datasetId, DatasetName = "tight-sample", Recipe = "custom", ParametersJson = StoredJson.Serialize(parameters),
            State = RunState.Queued, Epochs = 1, StartedBy = "test", CreatedAt = DateTime.UtcNow,
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    [Fact]
    public async Task A_run_queued_before_a_budget_cut_fails_at_the_trainer_while_a_tiny_run_still_trains_and_big_models_are_not_loaded()
    {
        var dataset = await SampleData.ImportSampleAsync(_app, "tight-sample", rows: 200);

        // A tiny run fits 64 MB and trains as usual.
        var tiny = await QueueDirectlyAsync(dataset, SampleData.TinyModel);
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RunTrainer>().TrainAsync(tiny, CancellationToken.None);
        var trained = await SampleData.WaitForRunAsync(_app, tiny);
        Assert.True(trained.State == RunState.Succeeded, trained.Error);

        // 256 wide, 8 heads over 256 tokens at batch 128: the attention scores alone are about 0.8 GB.
        var wide = await QueueDirectlyAsync(dataset, new Dictionary<string, string> { ["embed_dim"] = "256", ["num_heads"] = "8", ["key_dim"] = "32", ["epochs"] = "1" });
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RunTrainer>().TrainAsync(wide, CancellationToken.None);
        var failed = await SampleData.WaitForRunAsync(_app, wide);
        Assert.Equal(RunState.Failed, failed.State);
        Assert.Matches(@"^This model needs about [\d.]+ GB to train \([\d,]+ parameters at batch 128 x 256 tokens\); the budget is 64\.0 MB \(Resources:MaxTrainingBytes\)\.$", failed.Error);
        Assert.Null(failed.ArtifactPath);
        Assert.False(Directory.Exists(_app.Services.GetRequiredService<DataPaths>().RunDirectory(wide)), "nothing was built or written");

        // The tiny model's forward pass at 64 articles x 32 tokens is more than 100 KB: classification refuses to load it.
        using (var scope = _app.Services.CreateScope())
        {
            var refused = await Assert.ThrowsAsync<ClassificationException>(() => scope.ServiceProvider.GetRequiredService<ClassificationService>()
                .ClassifyAsync(null, tiny, "Stocks fall", "Shares slid.", CancellationToken.None));
            Assert.Matches($@"^The model of run {tiny} cannot be loaded: This model needs about [\d.]+ MB to load \([\d,]+ parameters at batch 64 x 32 tokens\); " +
                           @"the budget is 97\.7 KB \(Resources:MaxModelBytes\)\.$", refused.Message);
        }
        Assert.Equal(0, _app.Services.GetRequiredService<ModelCache>().Count);

        // Its archive (exported as any registered version) is refused on import the same way, and nothing is registered or left behind.
        using (var scope = _app.Services.CreateScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
            var archives = scope.ServiceProvider.GetRequiredService<ModelArchive>();
            await registry.RegisterAsync(tiny, "tight-model", "test", CancellationToken.None);
            using var archive = new MemoryStream();
            await archives.ExportAsync("tight-model:1", archive, CancellationToken.None);
            archive.Position = 0;
            var refused = await Assert.ThrowsAsync<RegistryException>(() => archives.ImportAsync(archive, "tight-copy", "test", CancellationToken.None));
            Assert.Matches(@"^config\.json: This model needs about [\d.]+ MB to load \([\d,]+ parameters at batch 64 x 32 tokens\); the budget is 97\.7 KB \(Resources:MaxModelBytes\)\.$", refused.Message);
            Assert.Null(await registry.GetAsync("tight-copy", CancellationToken.None));
            var imported = Path.Combine(_app.Services.GetRequiredService<DataPaths>().ArtifactsDirectory, "imported");
            Assert.Empty(Directory.Exists(imported) ? Directory.GetFileSystemEntries(imported) : []);
        }
    }

    [Fact]
    public async Task A_pretrained_checkpoint_above_the_model_budget_is_refused_on_import()
    {
        var folder = TinyCheckpoint.Write(Path.Combine(_app.DataDirectory, "tiny-bert"));
        var row = await ImportInlineAsync(_app, new PretrainedRequest { Path = folder, Name = "tiny-over-budget" });
        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.Matches(@"^config\.json: This model needs about [\d.]+ KB to import \([\d,]+ parameters\); the budget is 97\.7 KB \(Resources:MaxModelBytes\)\.$", row.Error);
    }
}
