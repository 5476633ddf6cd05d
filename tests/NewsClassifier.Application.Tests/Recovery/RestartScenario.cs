using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;

namespace NewsClassifier.Application.Tests.Recovery;

/// <summary>What the restart tests share: a first host whose work is never taken (as if the process died first), the
/// row edited into its mid-run state, then a second host on the same data directory.</summary>
internal static class RestartScenario
{
    public static readonly Dictionary<string, string?> NoTrainingWorkers = new() { ["Jobs:TrainingWorkers"] = "0" };
    public static readonly Dictionary<string, string?> NoDefaultWorkers = new() { ["Jobs:DefaultWorkers"] = "0" };

    /// <summary>Runs <paramref name="before"/> on a first host with <paramref name="settings"/>, stops and disposes it,
    /// then runs <paramref name="after"/> on a new host (appsettings.json's workers, or <paramref name="secondSettings"/>)
    /// on the same data directory.</summary>
    public static async Task AcrossARestartAsync<T>(IReadOnlyDictionary<string, string?> settings, Func<NewsHost, Task<T>> before,
        Func<NewsHost, T, Task> after, IReadOnlyDictionary<string, string?>? secondSettings = null)
    {
        var first = await NewsHost.StartAsync(settings);
        NewsHost? second = null;
        try
        {
            var state = await before(first);
            second = await first.RestartAsync(secondSettings);
            await after(second, state);
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    public static async Task<int> SubmitTinyRunAsync(NewsHost app, string dataset, int rows)
    {
        var datasetId = await SampleData.ImportSampleAsync(app, dataset, rows);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RunLauncher>()
            .SubmitAsync(new TrainingRequest(datasetId, "custom", SampleData.TinyModel), CancellationToken.None);
    }

    public static async Task UpdateAsync(ITestApp app, Func<NewsDbContext, Task> change)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        await change(db);
    }

    public static async Task<T> QueryAsync<T>(ITestApp app, Func<NewsDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
