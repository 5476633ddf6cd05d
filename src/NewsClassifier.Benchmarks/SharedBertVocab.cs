namespace NewsClassifier.Benchmarks;

/// <summary>The shared bert-base-uncased vocab.txt, found like the AG News sample (env NEWSCLASSIFIER_BERT_VOCAB first).</summary>
internal static class SharedBertVocab
{
    private const string RelativePath = "shared/data/bert-base-uncased/vocab.txt";

    public static string Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("NEWSCLASSIFIER_BERT_VOCAB");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"Could not find {RelativePath} above the current directory; pass --vocab or set NEWSCLASSIFIER_BERT_VOCAB.");
    }
}
