namespace NewsClassifier.Benchmarks;

/// <summary>
/// The shared data and tools beside the repository (never copied into it): found from the current directory or the
/// benchmark's folder upwards, unless an environment variable names the file.
/// </summary>
internal static class SharedFiles
{
    public static string AgNewsSample() => Find("shared/data/ag_news/ag_news_sample.csv", "NEWSCLASSIFIER_AGNEWS", "--data");

    public static string BertVocab() => Find("shared/data/bert-base-uncased/vocab.txt", "NEWSCLASSIFIER_BERT_VOCAB", "--vocab");

    public static string RealBertBuildScript() => Find("shared/tools/real-bert/build.sh", "NEWSCLASSIFIER_REAL_BERT_SCRIPT", "--pretrained");

    private static string Find(string relativePath, string environmentVariable, string option)
    {
        var fromEnv = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"Could not find {relativePath} above the current directory; pass {option} or set {environmentVariable}.");
    }
}
