using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Nodes;

/// <summary>Rows the cross-node tests start from, written through EF (the same on both providers).</summary>
internal static class NodeSeed
{
    public static Task<Dataset> DatasetAsync(SharedDatabaseNodes nodes, int articles = 1) => nodes.InDatabaseAsync(async db =>
    {
        var dataset = new Dataset { Name = $"nodes-{Guid.NewGuid():N}"[..20], CreatedAt = DateTime.UtcNow, ArticleCount = articles };
        dataset.Labels.Add(new LabelClass { Name = "World", Ordinal = 0 });
        dataset.Labels.Add(new LabelClass { Name = "Sports", Ordinal = 1 });
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        for (int i = 0; i < articles; i++)
            db.Articles.Add(new Article { DatasetId = dataset.Id, SourceRow = i + 1, Title = $"Article {i}", Text = "Text of the article." });
        await db.SaveChangesAsync();
        return dataset;
    });

    public static Task<TrainingRun> RunAsync(SharedDatabaseNodes nodes, int datasetId, RunState state) => nodes.InDatabaseAsync(async db =>
    {
        var run = new TrainingRun
        {
            DatasetId = datasetId, Recipe = "tfidf", State = state, CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow.AddMinutes(-1),
            Epoch = 1, Epochs = 2, Step = 5, TotalSteps = 10, LastLoss = 0.5, ArtifactPath = state == RunState.Succeeded ? "runs/model" : null,
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();
        return run;
    });

    /// <summary>A model whose versions 1..n are <paramref name="runs"/>, production on version 1.</summary>
    public static Task<RegisteredModel> ModelAsync(SharedDatabaseNodes nodes, string name, IReadOnlyList<TrainingRun> runs) => nodes.InDatabaseAsync(async db =>
    {
        var model = new RegisteredModel { Name = name, CreatedAt = DateTime.UtcNow };
        for (int i = 0; i < runs.Count; i++)
            model.Versions.Add(new ModelVersion { Version = i + 1, RunId = runs[i].Id, CreatedAt = DateTime.UtcNow, CreatedBy = "seed" });
        db.RegisteredModels.Add(model);
        await db.SaveChangesAsync();
        model.Aliases.Add(new ModelAlias { Alias = ModelAlias.Production, ModelVersionId = model.Versions[0].Id });
        await db.SaveChangesAsync();
        return model;
    });
}
