using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Resources;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Classification;

/// <summary>Classifies articles with the model <see cref="ModelResolver"/> picks for the request.</summary>
public sealed class ClassificationService(ModelResolver resolver, ModelCache models, ResourceBudget budget, IOptions<InferenceOptions> options)
{
    /// <summary>
    /// One article with what lies behind the answer (for the Classify page): the attention, and per-token integrated-gradients
    /// scores for the predicted class; neither for a model without them (tfidf-baseline). The attribution costs a few
    /// forward and backward passes of this one article, sized by the model (<see cref="ML.Explain.IntegratedGradients"/>).
    /// </summary>
    public async Task<ClassificationResult> ExplainAsync(string? reference, int? runId, string? title, string? text, CancellationToken cancellationToken)
    {
        var (article, cut) = Compose(title, text);
        var choice = await resolver.ResolveAsync(reference, runId, cancellationToken);
        using var model = await LeaseAsync(choice.Run, cancellationToken);
        var (prediction, attention, attributions) = await Task.Run(() => Call(() =>
        {
            var (p, a) = model.Predictor.Explain(article);
            return (p, a, model.Predictor.Attribute(article));
        }), cancellationToken);
        return new ClassificationResult(choice.Run, prediction, attention, cut, choice.Model) { Attributions = attributions };
    }

    /// <summary>One article, batched with concurrent requests (for the API, the CLI and label suggestions).</summary>
    public async Task<ClassificationResult> ClassifyAsync(string? reference, int? runId, string? title, string? text, CancellationToken cancellationToken)
    {
        var (article, cut) = Compose(title, text);
        var choice = await resolver.ResolveAsync(reference, runId, cancellationToken);
        using var model = await LeaseAsync(choice.Run, cancellationToken);
        var prediction = await CallAsync(() => model.Model.PredictAsync(article, cancellationToken));
        return new ClassificationResult(choice.Run, prediction, null, cut, choice.Model);
    }

    private (string Article, bool Truncated) Compose(string? title, string? text)
    {
        // Cleaned like an import cleans its articles: a pasted AG News line reads as the model's training text did.
        var article = Article.ComposeModelText(TextCleaner.Clean(title ?? ""), TextCleaner.Clean(text ?? ""));
        if (string.IsNullOrWhiteSpace(article)) throw new ClassificationException("Paste a title or a text to classify.");
        int max = options.Value.MaxTextCharacters;
        return article.Length > max ? (article[..max], true) : (article, false);
    }

    /// <summary>The run's model, held until the caller disposes the lease (an eviction meanwhile does not unload it).</summary>
    private async Task<ModelLease> LeaseAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(run.ArtifactPath))
            throw new ClassificationException($"The model of run {run.Id} is missing on disk ({run.ArtifactPath}).");
        try
        {
            // Sized from its config.json before the cache builds it: a model archive may describe more than the server holds.
            budget.EnsureLoadable(run.ArtifactPath!);
        }
        catch (ResourceBudgetException e)
        {
            throw new ClassificationException($"The model of run {run.Id} cannot be loaded: {e.Message}");
        }
        try
        {
            return await models.LeaseAsync(run.Id, run.ArtifactPath!, cancellationToken);
        }
        catch (Exception e) when (e is not (ClassificationException or OperationCanceledException or ObjectDisposedException or OutOfMemoryException))
        {
            // A damaged model folder is the request's answer, not a server error (and it is not cached: the next request retries).
            throw new ClassificationException($"The model of run {run.Id} cannot be loaded: {e.Message}");
        }
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
