using System.Text.Json;
using Microsoft.Data.Sqlite;
using NewsClassifier.TestSupport;

namespace NewsClassifier.Cli.Tests;

/// <summary>
/// A real pretrained checkpoint end to end through the CLI: all-MiniLM-L6-v2 imported as a pretrained checkpoint (its
/// architecture and parameter count read from the folder), then <c>bert-features</c> on the imported copy gives the
/// WordPiece tokens and the pooled and sequence outputs PyTorch computed for the same text (stored in Reference/).
/// </summary>
public sealed class RealBertFeaturesTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-realbert-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_imported_real_checkpoint_reproduces_pytorchs_pooled_and_sequence_outputs()
    {
        var folder = await RealBert.FolderAsync();
        using var reference = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Reference", "minilm-bert-features.json")));
        var expected = reference.RootElement;
        Assert.Equal(0, (await CliRun.RunAsync(_dataDirectory, "migrate")).Exit);

        var import = await CliRun.RunAsync(_dataDirectory, "pretrained", "import", "--path", folder, "--name", "minilm", "--json");
        Assert.True(import.Exit == 0, import.Err);
        using var imported = JsonDocument.Parse(import.Out);
        var checkpoint = imported.RootElement;
        Assert.Equal("ready", checkpoint.GetProperty("state").GetString());
        Assert.Equal(22_713_216, checkpoint.GetProperty("parameterCount").GetInt64());
        Assert.Equal((6, 384, 12), (checkpoint.GetProperty("numLayers").GetInt32(), checkpoint.GetProperty("hiddenSize").GetInt32(), checkpoint.GetProperty("numHeads").GetInt32()));
        var copy = checkpoint.GetProperty("path").GetString()!;
        Assert.StartsWith(_dataDirectory, copy);

        var features = await CliRun.RunAsync(_dataDirectory, "bert-features", "--model", copy, "--text", expected.GetProperty("text").GetString()!,
            "--max-length", expected.GetProperty("max_length").GetInt32().ToString(), "--json");
        Assert.True(features.Exit == 0, features.Err);
        using var actual = JsonDocument.Parse(features.Out);
        var got = actual.RootElement;
        Assert.Equal(Strings(expected, "tokens"), Strings(got, "tokens"));
        Assert.Equal(Numbers(expected, "input_ids"), Numbers(got, "input_ids"));
        AssertClose(Numbers(expected, "pooled_output"), Numbers(got, "pooled_output"));
        AssertClose(Numbers(expected, "sequence_output_first_row"), Numbers(got, "sequence_output_first_row"));
    }

    /// <summary>Measured: TorchSharp and PyTorch agree to 8e-7 here; 1e-5 leaves room for another BLAS, while a wrong
    /// weight, key or layer norm is off by 1e-2 or more.</summary>
    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(384, expected.Length);
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-5, $"max |difference| {worst:E2} against PyTorch");
    }

    private static string[] Strings(JsonElement root, string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static double[] Numbers(JsonElement root, string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
