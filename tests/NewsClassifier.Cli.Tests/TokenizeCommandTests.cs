using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>tokenize</c> with the real bert-base-uncased vocabulary (seed spec, Recipe 4 reference outputs).</summary>
public sealed class TokenizeCommandTests : IDisposable
{
    private static readonly string VocabPath = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "bert-base-uncased", "vocab.txt"));
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(_dataDirectory, args);

    [Fact]
    public async Task Tokenize_as_json_matches_the_reference_ids()
    {
        var result = await RunAsync("tokenize", "--vocab", VocabPath, "--text", "Tensorflow is a great framework for NLP", "--json");
        Assert.Equal(0, result.Exit);
        using var json = JsonDocument.Parse(result.Out); // stdout is exactly one JSON object: logs went to stderr
        var root = json.RootElement;
        Assert.Equal([101L, 23435, 12314, 2003, 1037, 2307, 7705, 2005, 17953, 2361, 102],
            root.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt64()));
        Assert.All(root.GetProperty("attention_mask").EnumerateArray(), e => Assert.Equal(1, e.GetInt32()));
        Assert.All(root.GetProperty("token_type_ids").EnumerateArray(), e => Assert.Equal(0, e.GetInt32()));
        Assert.Equal(["[CLS]", "tensor", "##flow", "is", "a", "great", "framework", "for", "nl", "##p", "[SEP]"],
            root.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task Pad_to_max_and_plain_text_output()
    {
        var padded = await RunAsync("tokenize", "--vocab", VocabPath, "--text", "I love transformers", "--max-length", "8", "--pad-to-max", "--json");
        Assert.Equal(0, padded.Exit);
        using var json = JsonDocument.Parse(padded.Out);
        Assert.Equal([101L, 1045, 2293, 19081, 102, 0, 0, 0], json.RootElement.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([1L, 1, 1, 1, 1, 0, 0, 0], json.RootElement.GetProperty("attention_mask").EnumerateArray().Select(e => e.GetInt64()));

        var text = await RunAsync("tokenize", "--vocab", VocabPath, "--text", "Hello, there");
        Assert.Equal(0, text.Exit);
        Assert.Contains("input_ids:      [101, 7592, 1010, 2045, 102]", text.Out);
        Assert.Contains("tokens:         [[CLS], hello, ,, there, [SEP]]", text.Out);

        var missing = await RunAsync("tokenize", "--vocab", Path.Combine(_dataDirectory, "nope.txt"), "--text", "x");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("error: cannot read the vocabulary", missing.Err);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found");
    }
}
