using NewsClassifier.Application.Pretrained;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Tests.Pretrained;

/// <summary>Runs checkpoint imports in the real app: in-line (the CLI's way) or as Hangfire jobs (the web's way).</summary>
public static class PretrainedTestApp
{
    public static async Task<PretrainedCheckpoint> ImportInlineAsync(ITestApp app, PretrainedRequest request, List<PretrainedStatus>? reports = null)
    {
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<PretrainedRequests>().CreateAsync(request, restrictServerPaths: false, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<PretrainedImporter>()
            .RunAsync(id, reports is null ? null : new InlineProgress<PretrainedStatus>(reports.Add), CancellationToken.None);
        return (await GetAsync(app, id))!;
    }

    public static async Task<PretrainedCheckpoint> SubmitAndWaitAsync(ITestApp app, PretrainedRequest request)
    {
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().SubmitAsync(request, restrictServerPaths: false, CancellationToken.None);
        return await WaitAsync(app, id);
    }

    public static async Task<PretrainedCheckpoint> WaitAsync(ITestApp app, int id)
    {
        for (var i = 0; i < 600; i++)
        {
            var row = await GetAsync(app, id);
            if (row is { IsFinished: true }) return row;
            await Task.Delay(100);
        }
        throw new TimeoutException($"pretrained import {id} did not finish in 60 s");
    }

    public static Task<PretrainedCheckpoint?> GetAsync(ITestApp app, int id) =>
        app.Services.GetRequiredService<PretrainedQueries>().GetAsync(id, CancellationToken.None);

    public static string FolderOf(ITestApp app, PretrainedCheckpoint row) =>
        app.Services.GetRequiredService<PretrainedQueries>().FolderPath(row);
}
