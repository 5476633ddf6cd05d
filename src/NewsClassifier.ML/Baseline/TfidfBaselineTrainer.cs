using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Inference;

namespace NewsClassifier.ML.Baseline;

/// <summary>
/// Trains the <c>tfidf-baseline</c> recipe: word (and optionally character) n-grams weighted by TF-IDF, L2-normalised,
/// into a multiclass logistic regression fitted by SDCA. One pass of featurising plus the solver's iterations is
/// reported as a single epoch. Single-threaded solver and a seeded context: same seed, same data => same model.
/// The model goes to <c>{artifactDirectory}/model/</c>, like the transformer's.
/// </summary>
public static class TfidfBaselineTrainer
{
    /// <summary>For the run record, e.g. "ML.NET 5.0.1".</summary>
    public static string LibraryVersion { get; } =
        $"ML.NET {(typeof(MLContext).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault() as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0] ?? typeof(MLContext).Assembly.GetName().Version?.ToString()}";

    public static TrainingResult Train(TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        BaselineParameters p, string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        data.ValidateSplit(trainIndices, validationIndices);
        observer ??= NullTrainingObserver.Instance;
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        int classes = data.LabelNames.Count;

        var ml = new MLContext(p.Seed);
        // Lazy rows that check the token: ML.NET's fit takes no token, but reads the rows (featurizer, then the cache).
        var train = TfidfBaselineModel.Rows(ml, trainIndices.Select(i =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Row(data, i);
        }), classes);
        observer.OnLog($"{trainIndices.Count} training and {validationIndices.Count} validation articles; recipe {Recipes.TfidfBaseline}: " +
                       $"word 1-{p.WordNgrams}-grams{(p.CharNgrams > 0 ? $" + character {p.CharNgrams}-grams" : "")} (TF-IDF), SDCA maximum entropy, " +
                       $"l2 {p.L2Regularization}, at most {p.MaxIterations} iterations.");

        // Cached features: SDCA's passes then reuse them instead of featurizing every article again.
        var pipeline = Pipeline(ml, p);

        ITransformer model;
        try
        {
            model = pipeline.Fit(train);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var fitTime = clock.Elapsed;

        int features = model.GetOutputSchema(train.Schema)["Features"].Type is VectorDataViewType v ? v.Size : 0;
        var (trainLoss, trainMetrics) = Evaluate(ml, model, data, trainIndices);
        var (valLoss, valMetrics) = Evaluate(ml, model, data, validationIndices);
        cancellationToken.ThrowIfCancellationRequested();

        double articlesPerSecond = trainIndices.Count / Math.Max(fitTime.TotalSeconds, 1e-9);
        observer.OnStep(new StepProgress(1, 1, 1, 1, 1, 1, trainLoss, 0, clock.Elapsed));
        var report = new EpochReport(1, 1, trainLoss, trainMetrics.Accuracy, valLoss, valMetrics, clock.Elapsed, clock.Elapsed, articlesPerSecond, true);
        observer.OnLog($"epoch 1/1: loss {trainLoss:F4} acc {trainMetrics.Accuracy:F4} | val_loss {valLoss:F4} val_acc {valMetrics.Accuracy:F4} " +
                       $"macro_f1 {valMetrics.MacroF1:F4} | {fitTime.TotalSeconds:F1}s fit, {features:N0} features");
        observer.OnEpochEnd(report);

        var modelDirectory = Path.Combine(artifactDirectory, RunFolders.Model);
        TfidfBaselineModel.Save(modelDirectory, ml, model, train.Schema, new BaselineManifest
        {
            Recipe = Recipes.TfidfBaseline,
            Epoch = report.Epoch,
            HyperParameters = BaselineParameterSet.ToStrings(p),
            LabelNames = data.LabelNames.ToArray(),
            FeatureCount = features,
            ValidationMetrics = valMetrics,
        });
        const string stopReason = "fitted the linear model";
        observer.OnLog($"Finished: {stopReason}; model saved to {modelDirectory}.");
        return new TrainingResult(modelDirectory, [report], report, stopReason, clock.Elapsed, articlesPerSecond, Summary(features, classes));
    }

    /// <summary>Keras-style table: the featurizer has no trained weights; the linear layer has features x classes weights + classes biases.
    /// <paramref name="features"/> = 0 (unknown before fitting) leaves the counts at 0.</summary>
    public static ModelSummary Summary(int features, int classes)
    {
        long linear = features == 0 ? 0 : (long)features * classes + classes;
        string width = features == 0 ? "n_features" : features.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ModelSummary(
        [
            new LayerSummary("tfidf", "FeaturizeText", $"(None, {width})", 0),
            new LayerSummary("linear", "SdcaMaximumEntropy", $"(None, {classes})", linear),
        ], linear, linear);
    }

    /// <summary>Featurizer, cached features (SDCA's passes then reuse them instead of featurizing every article again),
    /// then SDCA maximum entropy: what training and the out-of-fold scan both fit.</summary>
    internal static IEstimator<ITransformer> Pipeline(MLContext ml, BaselineParameters p) =>
        Featurizer(ml, p).AppendCacheCheckpoint(ml).Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(BaselineArticle.Label),
            FeatureColumnName = "Features",
            L2Regularization = (float)p.L2Regularization,
            MaximumNumberOfIterations = p.MaxIterations,
            // More threads make SDCA's updates race, and the result then depends on timing.
            NumberOfThreads = 1,
            Shuffle = true,
        }));

    internal static IEstimator<ITransformer> Featurizer(MLContext ml, BaselineParameters p) =>
        ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = p.WordNgrams,
                UseAllLengths = true,
                MaximumNgramsCount = [p.MaxNgrams],
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            CharFeatureExtractor = p.CharNgrams == 0 ? null : new WordBagEstimator.Options
            {
                NgramLength = p.CharNgrams,
                UseAllLengths = false,
                MaximumNgramsCount = [p.MaxNgrams],
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(BaselineArticle.Text));

    /// <summary>Mean log-loss (natural log, probabilities clamped at 1e-15) and metrics on the given articles.</summary>
    private static (double Loss, ClassificationMetrics Metrics) Evaluate(MLContext ml, ITransformer model, TrainingData data, IReadOnlyList<int> indices)
    {
        var rows = TfidfBaselineModel.Rows(ml, indices.Select(i => Row(data, i)).ToList(), data.LabelNames.Count);
        var scores = ml.Data.CreateEnumerable<BaselineScore>(model.Transform(rows), reuseRowObject: false).ToList();
        double loss = 0;
        var predicted = new int[indices.Count];
        var actual = new int[indices.Count];
        for (int r = 0; r < indices.Count; r++)
        {
            var score = scores[r].Score;
            actual[r] = data.Labels[indices[r]];
            predicted[r] = Prediction.ArgMax(score);
            loss -= Math.Log(Math.Max(score[actual[r]], 1e-15));
        }
        return (loss / indices.Count, Metrics.Compute(actual, predicted, data.LabelNames));
    }

    private static BaselineArticle Row(TrainingData data, int i) => new() { Text = data.Texts[i], Label = (uint)data.Labels[i] };
}
