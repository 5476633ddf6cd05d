using System.Text.Json;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>pretrained import --path</c> and <c>pretrained list --json</c> in-process against a temp data directory.</summary>
public sealed class PretrainedCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-pretrained-" + Guid.NewGuid().ToString("N")[..12]);

    private static readonly BertConfig Tiny = new() { VocabSize = 8, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32, MaxPositionEmbeddings = 32 };

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(_dataDirectory, args);

    private string WriteFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dataDirectory, "source", "tiny-bert")).FullName;
        using (var model = new BertModel(Tiny, seed: 1))
            BertFolder.Create(folder, model, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "news", "sport", "##s"]);
        return folder;
    }

    [Fact]
    public async Task Imports_a_folder_and_lists_it_as_json()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        var folder = WriteFolder();

        var import = await RunAsync("pretrained", "import", "--path", folder);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains($"tiny-bert: ready, L-1/H-16/A-2, vocabulary 8, {Tiny.BodyParameterCount():N0} parameters, safetensors", import.Out);
        Assert.Contains("tiny-bert: validating", import.Err);

        var list = await RunAsync("pretrained", "list", "--json");
        Assert.Equal(0, list.Exit);
        using var json = JsonDocument.Parse(list.Out);
        var only = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("tiny-bert", only.GetProperty("name").GetString());
        Assert.Equal("ready", only.GetProperty("state").GetString());
        Assert.Equal(Tiny.BodyParameterCount(), only.GetProperty("parameterCount").GetInt64());
        var copy = only.GetProperty("path").GetString()!;
        Assert.StartsWith(Path.Combine(_dataDirectory, "pretrained"), copy);
        Assert.True(File.Exists(Path.Combine(copy, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")), "the original folder stays");

        var again = await RunAsync("pretrained", "import", "--path", folder);
        Assert.Equal(1, again.Exit);
        Assert.Contains("exists already", again.Err);
    }

    [Fact]
    public async Task A_broken_folder_exits_non_zero_naming_the_file()
    {
        await RunAsync("migrate");
        var folder = WriteFolder();
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }.Concat(Enumerable.Range(0, 15).Select(i => $"tok{i}")));

        var import = await RunAsync("pretrained", "import", "--path", folder, "--name", "broken");
        Assert.Equal(1, import.Exit);
        Assert.True(import.Err.Contains("vocab.txt has 20 tokens but config.json's vocab_size is 8"), import.Err);

        var both = await RunAsync("pretrained", "import", "--path", folder, "--hub", "google/x");
        Assert.NotEqual(0, both.Exit);
        Assert.Contains("exactly one of --hub, --path or --zip", both.Err);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { /* SQLite may hold the file for a moment */ }
    }
}
