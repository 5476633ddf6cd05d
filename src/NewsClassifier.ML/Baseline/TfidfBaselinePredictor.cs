using Microsoft.ML;
using NewsClassifier.ML.Inference;

namespace NewsClassifier.ML.Baseline;

/// <summary>
/// A loaded <c>tfidf-baseline</c> model folder. Thread-safe: ML.NET's PredictionEngine is not, so calls share one
/// engine under a lock (a prediction is a sparse dot product; contention costs less than an engine per caller).
/// No attention to explain: <see cref="IArticleClassifier.Explain"/> returns the prediction only.
/// </summary>
public sealed class TfidfBaselinePredictor : IArticleClassifier
{
    private readonly object _gate = new();
    private readonly PredictionEngine<BaselineText, BaselineScore> _engine;
    private bool _disposed;

    private TfidfBaselinePredictor(BaselineManifest manifest, PredictionEngine<BaselineText, BaselineScore> engine)
    {
        Manifest = manifest;
        _engine = engine;
    }

    public static TfidfBaselinePredictor Load(string modelDirectory)
    {
        var manifest = TfidfBaselineModel.ReadManifest(modelDirectory);
        var path = Path.Combine(modelDirectory, TfidfBaselineModel.ModelFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No {TfidfBaselineModel.ModelFile} in model folder '{modelDirectory}'.", path);
        var ml = new MLContext(0);
        var model = ml.Model.Load(path, out _);
        return new TfidfBaselinePredictor(manifest, ml.Model.CreatePredictionEngine<BaselineText, BaselineScore>(model));
    }

    public BaselineManifest Manifest { get; }
    public string Recipe => Manifest.Recipe;
    public IReadOnlyList<string> LabelNames => Manifest.LabelNames;

    public Prediction Predict(string text) => PredictBatch([text])[0];

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokenCounts = texts.Select((t, i) => Check(t, texts.Count == 1 ? "text" : $"texts[{i}]")).ToArray();
        var results = new Prediction[texts.Count];
        var row = new BaselineText();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (int i = 0; i < texts.Count; i++)
            {
                row.Text = texts[i];
                var p = (float[])_engine.Predict(row).Score.Clone();
                results[i] = new Prediction(LabelNames, p, Prediction.ArgMax(p), tokenCounts[i], Truncated: false);
            }
        }
        return results;
    }

    /// <summary>Same rule as the transformer: an article needs at least one word once punctuation is removed.</summary>
    private static int Check(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The article text is empty.", name);
        int tokens = TextVectorizer.Tokenize(text).Count();
        if (tokens == 0) throw new ArgumentException("The article has no words once punctuation is removed.", name);
        return tokens;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _engine.Dispose();
        }
    }
}
