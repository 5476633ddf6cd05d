using System.Text.Json;
using Microsoft.Data.Sqlite;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.Cli.Tests;

/// <summary>
/// The BERT recipes through the CLI on a tiny BERT folder the test writes (no pretrained download): summary counts,
/// bert-features, and train then classify. The dataset is a generated AG-News-format CSV whose words the tiny vocabulary knows.
/// </summary>
public sealed class BertCommandsTests : IAsyncLifetime
{
    private static readonly string[][] Topics =
    [
        ["president", "election", "minister", "war", "treaty"],
        ["match", "goal", "coach", "league", "season"],
        ["shares", "profit", "market", "bank", "earnings"],
        ["software", "internet", "chip", "space", "research"],
    ];

    private static readonly string[] Filler = ["the", "a", "on", "in", "new", "said", "today", "after", "report", "big"];

    private static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", .. Topics.SelectMany(t => t), .. Filler];

    private static readonly BertConfig Tiny = new()
    {
        VocabSize = Vocabulary.Length + 3, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 37, MaxPositionEmbeddings = 64,
    };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-bert-" + Guid.NewGuid().ToString("N")[..12]);
    private string Pretrained => Path.Combine(_dataDirectory, "tiny-bert");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        NewsClassifier.ML.Runtime.TorchRuntime.Initialize(new NewsClassifier.ML.Runtime.TorchOptions { Device = "cpu" });
        using var body = new BertModel(Tiny, seed: 1);
        BertFolder.Create(Pretrained, body, Vocabulary);

        var random = new Random(3);
        var rows = new List<string> { "label,title,description" };
        for (int i = 0; i < 30; i++)
            for (int c = 0; c < 4; c++)
            {
                string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => random.Next(3) == 0 ? Topics[c][random.Next(5)] : Filler[random.Next(Filler.Length)]));
                rows.Add($"{c + 1},{Topics[c][random.Next(5)]} {Words(3)},{Words(random.Next(4, 12))}.");
            }
        var csv = Path.Combine(_dataDirectory, "tiny.csv");
        await File.WriteAllLinesAsync(csv, rows);
        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        var import = await RunAsync("import", csv, "--name", "tiny");
        Assert.True(import.Exit == 0, import.Err);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(_dataDirectory, args);

    [Fact]
    public async Task Summary_counts_trainable_and_total_parameters_of_the_bert_recipes()
    {
        var seqcls = await RunAsync("summary", "--recipe", "bert-seqcls", "--set", $"pretrained={Pretrained}", "--set", "max_length=64", "--json");
        Assert.True(seqcls.Exit == 0, seqcls.Err);
        using (var json = JsonDocument.Parse(seqcls.Out))
        {
            var root = json.RootElement;
            Assert.Equal(32 * 4 + 4, root.GetProperty("trainable").GetInt64());
            Assert.Equal(Tiny.BodyParameterCount() + 32 * 4 + 4, root.GetProperty("total").GetInt64());
            var layers = root.GetProperty("layers").EnumerateArray().ToList();
            Assert.Equal(["embeddings", "encoder.layer.0", "encoder.layer.1", "pooler", "classifier"], layers.Select(l => l.GetProperty("name").GetString()));
            Assert.Equal(0, layers[0].GetProperty("trainable").GetInt64());
            Assert.Equal(132, layers[^1].GetProperty("trainable").GetInt64());
        }

        var finetune = await RunAsync("summary", "--recipe", "bert-finetune", "--set", $"pretrained={Pretrained}", "--set", "max_length=64", "--json");
        using (var json = JsonDocument.Parse(finetune.Out))
            Assert.Equal(json.RootElement.GetProperty("total").GetInt64(), json.RootElement.GetProperty("trainable").GetInt64());

        var lesson = await RunAsync("summary", "--recipe", "bert-seqcls", "--config", "base", "--json");
        Assert.True(lesson.Exit == 0, lesson.Err);
        using (var json = JsonDocument.Parse(lesson.Out))
        {
            Assert.Equal(3_076, json.RootElement.GetProperty("trainable").GetInt64());
            Assert.Equal(109_485_316, json.RootElement.GetProperty("total").GetInt64());
        }
        var text = await RunAsync("summary", "--recipe", "bert-seqcls", "--config", "base");
        Assert.Contains("Trainable params: 3,076", text.Out);

        var missing = await RunAsync("summary", "--recipe", "bert-frozen", "--json");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("pretrained:", missing.Err);
    }

    [Fact]
    public async Task Bert_features_prints_pooled_and_sequence_outputs()
    {
        var result = await RunAsync("bert-features", "--model", Pretrained, "--text", "The president said today.", "--json");
        Assert.True(result.Exit == 0, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["[CLS]", "the", "president", "said", "today", ".", "[SEP]"], root.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(32, root.GetProperty("pooled_output").GetArrayLength());
        Assert.Equal([1, 7, 32], root.GetProperty("sequence_output_shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(32, root.GetProperty("sequence_output_first_row").GetArrayLength());
        Assert.Equal(2, root.GetProperty("encoder_outputs").GetInt32());
        Assert.All(root.GetProperty("pooled_output").EnumerateArray(), v => Assert.InRange(v.GetSingle(), -1f, 1f)); // tanh

        var text = await RunAsync("bert-features", "--model", Pretrained, "--text", "The president said today.");
        Assert.Contains("pooled_output:        shape [1, 32]", text.Out);
        Assert.Contains("sequence_output:      shape [1, 7, 32]", text.Out);

        var bad = await RunAsync("bert-features", "--model", Path.Combine(_dataDirectory, "nowhere"), "--text", "x");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("not a usable BERT folder", bad.Err);
    }

    [Fact]
    public async Task A_bert_run_trains_and_classifies_by_run_and_by_model_folder()
    {
        var train = await RunAsync("train", "--dataset", "tiny", "--recipe", "bert-finetune", "--set", $"pretrained={Pretrained}",
            "--set", "max_length=32", "--set", "batch_size=8", "--set", "gradient_accumulation=2", "--set", "learning_rate=0.001", "--epochs", "1", "--json");
        Assert.True(train.Exit == 0, train.Err + train.Out);
        using var json = JsonDocument.Parse(train.Out);
        var root = json.RootElement;
        Assert.Equal("succeeded", root.GetProperty("state").GetString());
        Assert.Equal("bert-finetune", root.GetProperty("recipe").GetString());
        Assert.Equal(Pretrained, root.GetProperty("parameters").GetProperty("pretrained").GetString());
        var runId = root.GetProperty("run_id").GetInt32();
        var modelPath = root.GetProperty("model_path").GetString()!;
        Assert.True(File.Exists(Path.Combine(modelPath, "model.safetensors")));

        var byRun = await RunAsync("classify", "--run", runId.ToString(), "--text", "The coach said the league match was big.", "--json");
        Assert.True(byRun.Exit == 0, byRun.Err);
        var byFolder = await RunAsync("classify", "--model", modelPath, "--text", "The coach said the league match was big.", "--json");
        Assert.True(byFolder.Exit == 0, byFolder.Err);
        using var a = JsonDocument.Parse(byRun.Out);
        using var b = JsonDocument.Parse(byFolder.Out);
        Assert.Equal(a.RootElement.GetProperty("label").GetString(), b.RootElement.GetProperty("label").GetString());
        Assert.Equal(a.RootElement.GetProperty("confidence").GetSingle(), b.RootElement.GetProperty("confidence").GetSingle(), 5);
        Assert.Equal("bert-finetune", b.RootElement.GetProperty("recipe").GetString());
        var total = b.RootElement.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetSingle());
        Assert.Equal(1.0, total, 3);

        var refused = await RunAsync("train", "--dataset", "tiny", "--recipe", "bert-frozen", "--set", "max_length=32", "--json");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("pretrained", refused.Out);
    }
}
