using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Resources;
using NewsClassifier.Application.Runs;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Training;

/// <summary>Validates a training request (recipe, dataset, parameters, pretrained checkpoint) and records its run as
/// Queued. The web app then queues it (<see cref="RunLauncher"/>); the CLI trains it in-process (<see cref="RunTrainer"/>).</summary>
public sealed class TrainingRequests(
    IDbContextFactory<NewsDbContext> contexts,
    PretrainedQueries pretrained,
    ResourceBudget budget,
    TimeProvider clock)
{
    /// <summary>Creates the run (state Queued) without queuing it: the CLI trains it in-process.</summary>
    public async Task<TrainingRun> CreateRunAsync(TrainingRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        if (name?.Length > TrainingRun.MaxNameLength) errors.Add($"The run name is limited to {TrainingRun.MaxNameLength} characters.");
        if (name is not null && name.Any(char.IsControl)) errors.Add("The run name cannot contain control characters (tabs, new lines).");
        var tags = RunCatalog.NormaliseTags(request.Tags);
        if (tags.Length > RunCatalog.MaxTagsLength) errors.Add($"Tags are limited to {RunCatalog.MaxTagsLength} characters.");
        if (!RecipeCatalog.IsKnown(request.Recipe))
            errors.Add($"Unknown recipe '{request.Recipe}'; choose one of: {string.Join(", ", RecipeCatalog.Names)}.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == request.DatasetId, cancellationToken);
        int classesWithArticles = 0;
        if (dataset is null) errors.Add($"There is no dataset number {request.DatasetId}.");
        else
        {
            classesWithArticles = await db.Articles.Where(a => a.DatasetId == dataset.Id && a.LabelId != null)
                .Select(a => a.LabelId).Distinct().CountAsync(cancellationToken);
            if (classesWithArticles < 2) errors.Add($"'{dataset.Name}' needs labeled articles of at least two classes to train on.");
        }
        if (errors.Count > 0) throw new TrainingRequestException(errors);

        var overrides = await ResolvePretrainedAsync(request, cancellationToken);
        var parsed = RecipeCatalog.Parse(request.Recipe, overrides);
        if (!parsed.IsValid) throw new TrainingRequestException(parsed.Errors);
        var settings = parsed.Value!;
        if (Refusal(settings, classesWithArticles) is { } refusal) throw new TrainingRequestException([refusal]);

        var run = new TrainingRun
        {
            DatasetId = dataset!.Id,
            DatasetName = dataset.Name,
            Recipe = request.Recipe,
            ParametersJson = StoredJson.Serialize(settings.Values),
            State = RunState.Queued,
            Epochs = settings.Epochs,
            StartedBy = request.StartedBy,
            Name = name,
            Tags = tags,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    /// <summary>
    /// Sized for the classes the dataset has, before the run exists: a model above the budget is refused here (the API, the
    /// CLI's train, schedules and the form all come through this), not by the kernel while it trains.
    /// </summary>
    private string? Refusal(RecipeSettings settings, int classes)
    {
        try
        {
            return budget.RefuseTraining(RecipeCatalog.Estimate(settings, Math.Max(2, classes)));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return $"pretrained: {e.Message}";
        }
    }

    /// <summary>
    /// A BERT recipe's <c>pretrained</c> names a checkpoint of the registry (Models > Pretrained checkpoints): the run
    /// then records the checkpoint's folder, so it trains on exactly those files even if the name is reused later (and a
    /// re-run, which passes that recorded folder, finds the same checkpoint). Any other folder on the server is accepted
    /// only when <see cref="TrainingRequest.AllowPretrainedFolder"/> (the CLI's <c>--set pretrained=&lt;folder&gt;</c>):
    /// from the web it would let a user read any folder the server can.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>?> ResolvePretrainedAsync(TrainingRequest request, CancellationToken cancellationToken)
    {
        if (!RecipeCatalog.HasParameter(request.Recipe, "pretrained") || request.Overrides is null
            || !request.Overrides.TryGetValue("pretrained", out var value) || string.IsNullOrWhiteSpace(value)
            || (request.AllowPretrainedFolder && Directory.Exists(value)))
            return request.Overrides;
        var reference = value.Trim();
        if (await pretrained.FindByFolderPathAsync(reference, cancellationToken) is { } recorded) reference = recorded.Name;
        else if (LooksLikePath(reference) && await pretrained.FindAsync(reference, cancellationToken) is null)
            throw new TrainingRequestException(["pretrained must name an imported checkpoint (Models > Pretrained)."]);
        try
        {
            var folder = await pretrained.ResolveReadyFolderAsync(reference, cancellationToken);
            return new Dictionary<string, string>(request.Overrides) { ["pretrained"] = folder };
        }
        catch (InvalidOperationException e)
        {
            throw new TrainingRequestException([$"pretrained: {e.Message}"]);
        }
    }

    private static bool LooksLikePath(string reference) =>
        Path.IsPathRooted(reference) || reference.Contains('/') || reference.Contains('\\') || reference is "." or ".." || reference.StartsWith('~');
}
