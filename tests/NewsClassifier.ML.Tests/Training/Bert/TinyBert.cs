using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Tests.Models.Bert;
using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.ML.Tests.Training.Bert;

/// <summary>A tiny pretrained BERT folder written by the test (BertFolderTests' config and vocabulary) and parameters for it.</summary>
internal static class TinyBert
{
    public static string CreateFolder(long seed = 1)
    {
        var dir = TestData.TempDirectory();
        using var body = new BertModel(BertFolderTests.TinyConfig, seed);
        BertFolder.Create(dir, body, BertFolderTests.Vocabulary);
        return dir;
    }

    /// <summary>The recipe's defaults on the tiny folder, small enough for tests (max_length 32, batch 8), plus overrides.</summary>
    public static BertParameters Parameters(string recipe, string folder, params (string Key, string Value)[] overrides)
    {
        var all = new Dictionary<string, string> { ["pretrained"] = folder, ["max_length"] = "32", ["batch_size"] = "8", ["epochs"] = "2" };
        if (recipe == BertRecipes.FineTune) all["gradient_accumulation"] = "1";
        foreach (var (k, v) in overrides) all[k] = v;
        var (value, errors) = BertParameterSet.Parse(recipe, all);
        Assert.True(value is not null, string.Join("; ", errors));
        return value!;
    }
}
