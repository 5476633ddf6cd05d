using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Classification;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.Application.Tests.Classification;

/// <summary>The model cache and request batching over a tiny model trained once for this class.</summary>
public class InferenceTests : IClassFixture<InferenceTests.TinyModelFolder>
{
    private readonly TinyModelFolder _model;

    public InferenceTests(TinyModelFolder model) => _model = model;

    public sealed class TinyModelFolder : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("nc-infer-").FullName;
        public string ModelDirectory { get; }

        public TinyModelFolder()
        {
            var sample = Path.Combine(SampleData.RepositoryRoot, "..", "shared", "data", "ag_news", "ag_news_sample.csv");
            var rows = ReadAgNews(sample).Take(300).ToList();
            var data = new TrainingData(rows.Select(r => r.Text).ToList(), rows.Select(r => r.Label).ToList(), new[] { "World", "Sports", "Business", "Sci/Tech" });
            var parsed = ParameterSet.Parse("custom", new Dictionary<string, string>
            {
                ["epochs"] = "1", ["vocab_size"] = "1000", ["max_length"] = "24", ["embed_dim"] = "8", ["key_dim"] = "8", ["ff_dim"] = "8", ["dense_units"] = "8",
            });
            ModelDirectory = Trainer.Train(data, parsed.Value!, Root).ModelDirectory;
        }

        /// <summary>label,title,description rows with the framework's CSV parser (header skipped).</summary>
        private static IEnumerable<(string Text, int Label)> ReadAgNews(string path)
        {
            using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(path) { HasFieldsEnclosedInQuotes = true };
            parser.SetDelimiters(",");
            parser.ReadFields();
            while (parser.ReadFields() is { } fields) yield return (fields[1] + " " + fields[2], int.Parse(fields[0]) - 1);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    /// <summary>Counts what reaches the model: each PredictBatch call's texts, and each single Predict call.</summary>
    private sealed class CountingClassifier(IArticleClassifier inner) : IArticleClassifier
    {
        public ConcurrentQueue<IReadOnlyList<string>> Batches { get; } = new();
        public ConcurrentQueue<string> Singles { get; } = new();
        public string Recipe => inner.Recipe;
        public IReadOnlyList<string> LabelNames => inner.LabelNames;

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts)
        {
            Batches.Enqueue(texts.ToList());
            return inner.PredictBatch(texts);
        }

        public Prediction Predict(string text)
        {
            Singles.Enqueue(text);
            return inner.Predict(text);
        }

        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public async Task Concurrent_requests_are_batched_and_answer_like_single_predictions()
    {
        var texts = Enumerable.Range(0, 40).Select(i => $"Article {i}: shares of tech companies rose as the match ended {i} to {i + 1}").ToList();
        using var reference = CustomTransformerPredictor.Load(_model.ModelDirectory);
        var expected = texts.Select(reference.Predict).ToList();
        var counting = new CountingClassifier(CustomTransformerPredictor.Load(_model.ModelDirectory));

        await using (var batching = new BatchingPredictor(counting, maxBatch: 16, TimeSpan.FromMilliseconds(5)))
        {
            var answers = await Task.WhenAll(texts.Select(t => Task.Run(() => batching.PredictAsync(t, CancellationToken.None))));

            for (int i = 0; i < texts.Count; i++)
            {
                Assert.Equal(expected[i].PredictedIndex, answers[i].PredictedIndex);
                for (int c = 0; c < 4; c++) Assert.Equal(expected[i].Probabilities[c], answers[i].Probabilities[c], 4);
            }
        }

        // Every article went through exactly one forward pass, in batches of at most 16, fewer passes than articles.
        Assert.Equal(texts.Order(), counting.Batches.SelectMany(b => b).Order());
        Assert.All(counting.Batches, b => Assert.InRange(b.Count, 1, 16));
        Assert.InRange(counting.Batches.Count, 3, texts.Count - 1);
        Assert.Empty(counting.Singles);
    }

    [Fact]
    public async Task Requests_arriving_within_the_window_share_one_forward_pass()
    {
        var counting = new CountingClassifier(CustomTransformerPredictor.Load(_model.ModelDirectory));
        var texts = Enumerable.Range(0, 8).Select(i => $"Story {i}: the central bank raised rates again").ToList();

        await using (var batching = new BatchingPredictor(counting, maxBatch: 16, TimeSpan.FromMilliseconds(500)))
        {
            var answers = await Task.WhenAll(texts.Select(t => batching.PredictAsync(t, CancellationToken.None)));
            Assert.All(answers, a => Assert.Equal(1.0, a.Probabilities.Sum(), 3));
        }

        var only = Assert.Single(counting.Batches);
        Assert.Equal(texts, only);
        Assert.Empty(counting.Singles);
    }

    [Fact]
    public async Task One_bad_article_in_a_batch_fails_alone()
    {
        using var reference = CustomTransformerPredictor.Load(_model.ModelDirectory);
        var expected = reference.Predict("Markets rallied today");
        var counting = new CountingClassifier(CustomTransformerPredictor.Load(_model.ModelDirectory));

        Prediction goodAnswer;
        ArgumentException badError;
        await using (var batching = new BatchingPredictor(counting, maxBatch: 8, TimeSpan.FromMilliseconds(200)))
        {
            var good = batching.PredictAsync("Markets rallied today", CancellationToken.None);
            var bad = batching.PredictAsync("   ", CancellationToken.None);
            badError = await Assert.ThrowsAsync<ArgumentException>(() => bad);
            goodAnswer = await good;
        }

        Assert.Equal(expected.PredictedIndex, goodAnswer.PredictedIndex);
        for (int c = 0; c < 4; c++) Assert.Equal(expected.Probabilities[c], goodAnswer.Probabilities[c], 4);
        Assert.False(string.IsNullOrWhiteSpace(badError.Message));
        // The shared pass failed on the bad article; the fallback then classified each article on its own.
        Assert.Equal(["Markets rallied today", "   "], Assert.Single(counting.Batches));
        Assert.Equal(["Markets rallied today", "   "], counting.Singles);
    }

    [Fact]
    public async Task The_cache_keeps_at_most_its_capacity_and_reuses_loaded_models()
    {
        await using var cache = new ModelCache(Options.Create(new InferenceOptions { CachedModels = 2 }));
        IArticleClassifier first;
        using (var lease = await cache.LeaseAsync(1, _model.ModelDirectory, CancellationToken.None)) first = lease.Predictor;
        using (var again = await cache.LeaseAsync(1, _model.ModelDirectory, CancellationToken.None)) Assert.Same(first, again.Predictor);
        (await cache.LeaseAsync(2, _model.ModelDirectory, CancellationToken.None)).Dispose();
        (await cache.LeaseAsync(3, _model.ModelDirectory, CancellationToken.None)).Dispose();
        Assert.Equal(2, cache.Count);
        using var reloaded = await cache.LeaseAsync(1, _model.ModelDirectory, CancellationToken.None);
        Assert.NotSame(first, reloaded.Predictor); // run 1 was the least recently used: loaded again
    }

    [Theory]
    [InlineData("Ünïcödé naïve café — 東京で株価が上昇 🚀📈")]
    [InlineData("\u0000\u200b\t\n control characters and zero-width spaces")]
    public void Any_unicode_text_is_classified(string text)
    {
        using var predictor = CustomTransformerPredictor.Load(_model.ModelDirectory);
        var explanation = predictor.Explain(text);
        Assert.Equal(1.0, explanation.Prediction.Probabilities.Sum(), 3);
        Assert.Equal(explanation.Prediction.TokenCount, explanation.Attention.Tokens.Count);
        Assert.Equal(explanation.Attention.Tokens, predictor.Attribute(text).Tokens);
    }

    [Fact]
    public void A_very_long_article_is_truncated_and_says_so()
    {
        using var predictor = CustomTransformerPredictor.Load(_model.ModelDirectory);
        var prediction = predictor.Predict(string.Join(" ", Enumerable.Repeat("market shares rise", 10_000)));
        Assert.True(prediction.Truncated);
        Assert.Equal(24, prediction.TokenCount);
    }
}
