using NewsClassifier.Application.Runs;
using Microsoft.Extensions.Options;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.ML.Inference;

namespace NewsClassifier.Application.Classification;

/// <summary>The outcome of classifying one article, with the run that did it.</summary>
public sealed record ClassificationResult(TrainingRun Run, Prediction Prediction, AttentionMap? Attention, bool InputTruncated);

/// <summary>A request that cannot be served as asked (no model yet, empty text, unknown run).</summary>
public sealed class ClassificationException(string message) : Exception(message);

/// <summary>Classifies articles with a trained run's model (newest successful run by default).</summary>
public sealed class ClassificationService(RunQueries runs, ModelCache models, IOptions<InferenceOptions> options)
{
    /// <summary>One article with the attention behind the answer (for the Classify page); no attention for a model without it (tfidf-baseline).</summary>
    public async Task<ClassificationResult> ExplainAsync(int? runId, string? title, string? text, CancellationToken cancellationToken)
    {
        var (article, cut) = Compose(title, text);
        var run = await ResolveRunAsync(runId, cancellationToken);
        var model = Load(run);
        var (prediction, attention) = await Task.Run(() => Call(() => model.Predictor.Explain(article)), cancellationToken);
        return new ClassificationResult(run, prediction, attention, cut);
    }

    /// <summary>One article, batched with concurrent requests (for the API and the CLI).</summary>
    public async Task<ClassificationResult> ClassifyAsync(int? runId, string? title, string? text, CancellationToken cancellationToken)
    {
        var (article, cut) = Compose(title, text);
        var run = await ResolveRunAsync(runId, cancellationToken);
        var model = Load(run);
        var prediction = await CallAsync(() => model.PredictAsync(article, cancellationToken));
        return new ClassificationResult(run, prediction, null, cut);
    }

    public async Task<TrainingRun> ResolveRunAsync(int? runId, CancellationToken cancellationToken)
    {
        if (runId is { } id)
        {
            var run = await runs.GetRunAsync(id, cancellationToken) ?? throw new ClassificationException($"There is no run number {id}.");
            if (run.State != RunState.Succeeded || run.ArtifactPath is null)
                throw new ClassificationException($"Run {id} has no trained model (it is {run.State.ToString().ToLowerInvariant()}).");
            return run;
        }
        // No run asked for: the model behind the production alias, else the newest trained run.
        return await runs.ProductionRunAsync(cancellationToken)
            ?? (await runs.SucceededAsync(cancellationToken)).FirstOrDefault()
            ?? throw new ClassificationException("No model has been trained yet: start a run in Experiments first.");
    }

    private (string Article, bool Truncated) Compose(string? title, string? text)
    {
        var article = Article.ComposeModelText(title?.Trim() ?? "", text?.Trim() ?? "");
        if (string.IsNullOrWhiteSpace(article)) throw new ClassificationException("Paste a title or a text to classify.");
        int max = options.Value.MaxTextCharacters;
        return article.Length > max ? (article[..max], true) : (article, false);
    }

    private BatchingPredictor Load(TrainingRun run)
    {
        if (!Directory.Exists(run.ArtifactPath))
            throw new ClassificationException($"The model of run {run.Id} is missing on disk ({run.ArtifactPath}).");
        return models.Get(run.Id, run.ArtifactPath!);
    }

    private static T Call<T>(Func<T> predict)
    {
        try { return predict(); }
        catch (ArgumentException e) { throw new ClassificationException(e.Message); }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> predict)
    {
        try { return await predict(); }
        catch (ArgumentException e) { throw new ClassificationException(e.Message); }
    }
}
