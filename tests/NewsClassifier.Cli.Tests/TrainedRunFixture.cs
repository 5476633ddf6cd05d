using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.Cli.Tests;

/// <summary>
/// One data directory with a 400-article slice of the AG News sample imported through the CLI and one small model
/// trained on it with <c>train --json</c> (a few seconds), shared by the evaluate/classify tests.
/// </summary>
public sealed class TrainedRunFixture : IAsyncLifetime
{
    /// <summary>A model small enough to train in seconds; shape and counts are what the tests exercise, not accuracy.</summary>
    public static readonly string[] TinyModel =
    [
        "--set", "embed_dim=8", "--set", "key_dim=8", "--set", "ff_dim=8", "--set", "dense_units=8",
        "--set", "vocab_size=2000", "--set", "max_length=32",
    ];

    /// <summary>The fixture's run: as small, but wide and fast-learning enough to beat chance (about 0.5 validation
    /// accuracy on these 400 articles, where a constant answer gets 0.25); like <c>SampleData.LearningModel</c>, without the
    /// default's token dropout and LSA start, which pay off over 15 epochs of 4,800 articles, not 4 of 320.</summary>
    public static readonly string[] LearningModel =
    [
        "--set", "embed_dim=16", "--set", "key_dim=16", "--set", "ff_dim=16", "--set", "dense_units=16",
        "--set", "vocab_size=2000", "--set", "max_length=32", "--set", "batch_size=32", "--set", "learning_rate=0.005", "--set", "token_dropout=0",
        "--set", "embedding_init=random",
    ];

    public const int Epochs = 4;

    public const string Dataset = "ag-400";
    public const int ArticleCount = 400;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "nc-cli-train-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Rows of the sample after the imported ones (header excluded), for evaluation files.</summary>
    public IReadOnlyList<string> HeldOutRows { get; private set; } = [];

    public (int Exit, string Out, string Err) Train { get; private set; }
    public int RunId { get; private set; }

    public async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error,
            new Dictionary<string, string?> { ["Storage:DataDirectory"] = DataDirectory }, cancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var lines = await File.ReadAllLinesAsync(CliTests.SamplePath);
        var file = Path.Combine(DataDirectory, "train.csv");
        await File.WriteAllLinesAsync(file, lines.Take(1 + ArticleCount));
        HeldOutRows = lines.Skip(1 + ArticleCount).Take(200).ToList();

        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        var import = await RunAsync("import", file, "--name", Dataset);
        Assert.True(import.Exit == 0, import.Err);

        Train = await RunAsync(["train", "--dataset", Dataset, "--recipe", "custom", .. LearningModel, "--epochs", Epochs.ToString(), "--json"]);
        Assert.True(Train.Exit == 0, Train.Err + Train.Out);
        using var json = JsonDocument.Parse(Train.Out);
        RunId = json.RootElement.GetProperty("run_id").GetInt32();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
