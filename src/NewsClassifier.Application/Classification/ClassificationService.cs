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

    /// <summary>
    /// Many articles with one model (the batch API): resolved once, leased once, and classified in one call of the
    /// model's batched forward pass (a Torch model cuts it into its own batch size). An article that cannot be classified
    /// (empty, longer than <c>Inference:MaxTextCharacters</c>, unreadable) gets its reason instead of failing the others.
    /// </summary>
    public async Task<BatchClassification> ClassifyBatchAsync(string? reference, int? runId, IReadOnlyList<(string? Title, string? Text)> articles,
        CancellationToken cancellationToken)
    {
        var choice = await resolver.ResolveAsync(reference, runId, cancellationToken);
        var items = new BatchItem[articles.Count];
        var texts = new List<string>(articles.Count);
        var positions = new List<int>(articles.Count);
        int max = options.Value.MaxTextCharacters;
        for (int i = 0; i < articles.Count; i++)
        {
            var article = Clean(articles[i].Title, articles[i].Text);
            if (article.Length == 0) items[i] = new BatchItem(null, "Give a title or a text to classify.");
            else if (article.Length > max) items[i] = new BatchItem(null, $"The article has {article.Length:N0} characters; at most {max:N0} are classified (Inference:MaxTextCharacters).");
            else
            {
                texts.Add(article);
                positions.Add(i);
            }
        }
        if (texts.Count > 0)
        {
            using var model = await LeaseAsync(choice.Run, cancellationToken);
            var outcomes = await model.Model.PredictManyAsync(texts, cancellationToken);
            for (int j = 0; j < outcomes.Count; j++)
                items[positions[j]] = outcomes[j].Error is ArgumentException e ? new BatchItem(null, e.Message)
                    : outcomes[j].Error is { } failure ? throw failure
                    : new BatchItem(outcomes[j].Prediction, null);
        }
        return new BatchClassification(choice, items);
    }

    private (string Article, bool Truncated) Compose(string? title, string? text)
    {
        var article = Clean(title, text);
        if (string.IsNullOrWhiteSpace(article)) throw new ClassificationException("Paste a title or a text to classify.");
        int max = options.Value.MaxTextCharacters;
        return article.Length > max ? (article[..max], true) : (article, false);
    }

    /// <summary>Cleaned like an import cleans its articles: a pasted AG News line reads as the model's training text did.</summary>
    private static string Clean(string? title, string? text)
    {
        var article = Article.ComposeModelText(TextCleaner.Clean(title ?? ""), TextCleaner.Clean(text ?? ""));
        return string.IsNullOrWhiteSpace(article) ? "" : article;
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
