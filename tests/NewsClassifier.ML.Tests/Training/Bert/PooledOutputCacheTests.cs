using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.ML.Tests.Training.Bert;

/// <summary>Frozen-body runs keep their pooled outputs for the next run on the same articles and checkpoint.</summary>
public sealed class PooledOutputCacheTests : IDisposable
{
    private const string ReadFromCache = "read from the cache";
    private readonly string _pretrained = TinyBert.CreateFolder();

    public PooledOutputCacheTests() => TestData.InitTorch();

    public void Dispose() => Directory.Delete(_pretrained, recursive: true);

    private (TrainingRecorder Log, TrainingResult Result) Train(TrainingData data, PooledOutputCache cache, params (string, string)[] overrides)
    {
        var (train, validation) = StratifiedSplit.Split(data.Labels, 0.25, 1);
        var p = TinyBert.Parameters(BertRecipes.Frozen, _pretrained, [("epochs", "2"), ("learning_rate", "0.01"), .. overrides]);
        var recorder = new TrainingRecorder();
        var result = BertTrainer.Train(data, train.ToArray(), validation.ToArray(), p, TestData.TempDirectory(), recorder, cache: cache);
        return (recorder, result);
    }

    private static string[] Files(PooledOutputCache cache) => Directory.GetFiles(cache.Directory, "*.pooled");

    [Fact]
    public void A_second_run_on_the_same_articles_reads_the_outputs_and_trains_exactly_as_the_first()
    {
        var data = TestData.Articles(perClass: 6);
        var cache = new PooledOutputCache(TestData.TempDirectory());

        var (first, a) = Train(data, cache);
        var (second, b) = Train(data, cache);
        // Another head setting on the same articles and checkpoint reuses them too: they depend on neither.
        var (third, _) = Train(data, cache, ("dropout", "0.3"));

        Assert.DoesNotContain(first.Logs, l => l.Contains(ReadFromCache));
        Assert.Contains(second.Logs, l => l.Contains(ReadFromCache));
        Assert.Contains(third.Logs, l => l.Contains(ReadFromCache));
        Assert.Equal(first.Losses, second.Losses); // the same floats, not close ones
        Assert.Equal(a.Best.ValidationLoss, b.Best.ValidationLoss);
        Assert.Single(Files(cache));
    }

    [Fact]
    public void A_changed_article_misses_and_a_damaged_file_is_computed_and_written_again()
    {
        var data = TestData.Articles(perClass: 6);
        var cache = new PooledOutputCache(TestData.TempDirectory());
        var (clean, _) = Train(data, cache);
        var file = Assert.Single(Files(cache));
        long size = new FileInfo(file).Length;

        File.WriteAllBytes(file, new byte[100]); // torn or tampered: wrong size and header
        var (damaged, _) = Train(data, cache);
        Assert.DoesNotContain(damaged.Logs, l => l.Contains(ReadFromCache));
        Assert.Equal(clean.Losses, damaged.Losses);
        Assert.Equal(size, new FileInfo(file).Length);

        var edited = data with { Texts = data.Texts.Select((t, i) => i == 0 ? t + " market" : t).ToList() };
        var (changed, _) = Train(edited, cache);
        Assert.DoesNotContain(changed.Logs, l => l.Contains(ReadFromCache));
        Assert.Equal(2, Files(cache).Length);
    }

    [Fact]
    public void Only_the_newest_files_are_kept()
    {
        var cache = new PooledOutputCache(TestData.TempDirectory());
        using var outputs = TorchSharp.torch.ones(3, 4);
        for (int i = 0; i < PooledOutputCache.MaxFiles + 3; i++)
        {
            Assert.True(cache.Save($"key{i:D2}", outputs));
            File.SetLastWriteTimeUtc(Path.Combine(cache.Directory, $"key{i:D2}.pooled"), DateTime.UtcNow.AddMinutes(i - 100));
        }

        var kept = Files(cache).Select(Path.GetFileNameWithoutExtension).Order().ToArray();

        Assert.Equal(Enumerable.Range(3, PooledOutputCache.MaxFiles).Select(i => $"key{i:D2}"), kept);
        using var read = cache.TryLoad("key10", 3, 4, TorchSharp.torch.CPU);
        Assert.NotNull(read);
        Assert.Equal(12f, read!.sum().item<float>());
        Assert.Null(cache.TryLoad("key10", 4, 3, TorchSharp.torch.CPU)); // the shape asked for is checked
    }
}
