using System.IO.Compression;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Runtime;
using NewsClassifier.TestSupport;
using TorchSharp;

namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>Models too large to build, refused from their settings before anything is allocated: the giant custom
/// transformer on POST /api/runs, the CLI's summary and train (each naming Resources:MaxTrainingBytes), and pretrained
/// checkpoints whose config.json claims 100,000 layers or more than the weights hold, or whose storages are deflated.</summary>
[Collection(HostileCollection.Name)]
public sealed class BudgetCases
{
    private readonly HostileApp app;

    /// <summary>The cases write their weights with TorchSharp (TestSupport's writers), on the CPU.</summary>
    public BudgetCases(HostileApp app)
    {
        this.app = app;
        TorchRuntime.Initialize(new TorchOptions { Device = "cpu" });
    }

    /// <summary>The measurement: every value inside its range, 22.7 GB before the kernel killed the process.</summary>
    private static readonly Dictionary<string, string> Giant = new()
    {
        ["embed_dim"] = "4096", ["num_heads"] = "64", ["key_dim"] = "1024", ["num_blocks"] = "48",
    };

    private static readonly string[] GiantSet = Giant.SelectMany(p => new[] { "--set", $"{p.Key}={p.Value}" }).ToArray();

    private const string TrainingBudget = "billion parameters at batch 128 x 256 tokens); the budget is";

    [Fact]
    public Task The_giant_model_is_refused_on_post_api_runs_naming_the_budget() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/runs", new { datasetId = app.DatasetId, recipe = "custom", parameters = Giant }),
            HttpStatusCode.BadRequest, TrainingBudget);

    [Fact]
    public Task The_giant_model_is_refused_by_the_cli_summary() =>
        Hostile.CliRefusedAsync(app, ["summary", "--recipe", "custom", .. GiantSet], "(Resources:MaxTrainingBytes)");

    [Fact]
    public Task The_giant_model_is_refused_by_the_cli_train() =>
        Hostile.CliRefusedAsync(app, ["train", "--dataset", HostileApp.DatasetName, "--recipe", "custom", .. GiantSet], TrainingBudget);

    [Fact]
    public Task A_config_of_100000_layers_fails_the_import_before_any_layer_is_built()
    {
        var folder = Folder("budget-deep", TinyCheckpoint.Config with { NumHiddenLayers = 100_000 });
        TinyCheckpoint.WriteSafeTensors(Path.Combine(folder, "model.safetensors"));
        return Hostile.PretrainedImportFailsAsync(app, c => c.PostAsJsonAsync("/api/pretrained", new { path = folder, name = "budget-deep" }),
            "config.json: 'num_hidden_layers' is 100,000, above the limit of 128 for a BERT checkpoint");
    }

    [Fact]
    public Task A_config_claiming_more_than_the_weights_hold_fails_the_import()
    {
        var folder = Folder("budget-mismatch", TinyCheckpoint.Config with { NumHiddenLayers = 100 });
        TinyCheckpoint.WriteSafeTensors(Path.Combine(folder, "model.safetensors"));
        return Hostile.PretrainedImportFailsAsync(app, c => c.PostAsJsonAsync("/api/pretrained", new { path = folder, name = "budget-mismatch" }),
            "the config does not belong to these weights");
    }

    [Fact]
    public Task A_pytorch_model_bin_with_deflated_storages_fails_the_import()
    {
        // 4 MB of zeros deflate to a few KB: torch never compresses storages, so a deflated one is an inflation attack.
        var folder = Folder("budget-deflated", TinyCheckpoint.Config);
        var writer = new TorchSaveWriter();
        using (var zeros = torch.zeros(1024, 1024)) writer.Add("bert.embeddings.word_embeddings.weight", zeros);
        using (var file = new FileStream(Path.Combine(folder, "pytorch_model.bin"), FileMode.Create))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            void Entry(string name, byte[] bytes, CompressionLevel level)
            {
                using var s = zip.CreateEntry("archive/" + name, level).Open();
                s.Write(bytes);
            }
            Entry("data.pkl", writer.BuildPickle(), CompressionLevel.NoCompression);
            Entry("data/0", new byte[4 * 1024 * 1024], CompressionLevel.Optimal);
        }
        return Hostile.PretrainedImportFailsAsync(app, c => c.PostAsJsonAsync("/api/pretrained", new { path = folder, name = "budget-deflated" }),
            "torch.save stores tensor data uncompressed");
    }

    /// <summary>A checkpoint folder inside the import root with <paramref name="config"/> and the tiny vocabulary; the case adds the weights.</summary>
    private string Folder(string name, BertConfig config)
    {
        var folder = Path.Combine(app.ImportRoot, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), TinyCheckpoint.ConfigJson(config));
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), TinyCheckpoint.Vocabulary);
        return folder;
    }
}
