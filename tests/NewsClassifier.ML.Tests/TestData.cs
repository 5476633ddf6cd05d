using NewsClassifier.ML.Models;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Tests;

/// <summary>Tiny synthetic articles and model shapes that keep every test well under a second.</summary>
internal static class TestData
{
    public static readonly string[] LabelNames = ["World", "Sports", "Business", "Sci/Tech"];

    private static readonly string[][] Topic =
    [
        ["president", "election", "minister", "war", "treaty"],
        ["match", "goal", "coach", "league", "season"],
        ["shares", "profit", "market", "bank", "earnings"],
        ["software", "internet", "chip", "space", "research"],
    ];

    private static readonly string[] Filler = ["the", "a", "on", "in", "new", "said", "today", "after", "report", "big"];

    public static void InitTorch() => TorchRuntime.Initialize(new TorchOptions { Device = "cpu" });

    /// <summary>Articles whose topic words give the label away, with varied lengths (so bucketing and padding matter).</summary>
    public static TrainingData Articles(int perClass, int seed = 7)
    {
        var random = new Random(seed);
        var texts = new List<string>();
        var labels = new List<int>();
        for (int i = 0; i < perClass; i++)
        {
            for (int c = 0; c < Topic.Length; c++)
            {
                int length = random.Next(3, 12);
                var words = Enumerable.Range(0, length).Select(_ => random.Next(3) == 0
                    ? Topic[c][random.Next(Topic[c].Length)]
                    : Filler[random.Next(Filler.Length)]).ToList();
                words.Insert(random.Next(words.Count), Topic[c][random.Next(Topic[c].Length)]);
                texts.Add(string.Join(' ', words) + ".");
                labels.Add(c);
            }
        }
        return new TrainingData(texts, labels, LabelNames);
    }

    public static CustomTransformerConfig TinyConfig(bool maskPadding = true) => new()
    {
        VocabSize = 50, MaxLength = 16, EmbedDim = 8, NumHeads = 2, KeyDim = 4, FfDim = 8,
        Dropout = 0.1, NumBlocks = 1, DenseUnits = 8, NumClasses = 4, MaskPadding = maskPadding,
    };

    public static HyperParameters TinyHyperParameters(string recipe = Recipes.Custom, params (string Key, string Value)[] overrides)
    {
        var all = new Dictionary<string, string>
        {
            ["vocab_size"] = "50", ["max_length"] = "16", ["embed_dim"] = "8", ["num_heads"] = "2", ["key_dim"] = "4",
            ["ff_dim"] = "8", ["dense_units"] = "8", ["batch_size"] = "16", ["epochs"] = "2", ["learning_rate"] = "0.01",
            ["early_stopping_patience"] = "0",
        };
        foreach (var (k, v) in overrides) all[k] = v;
        var result = ParameterSet.Parse(recipe, all);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Value!;
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "nc-ml-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
