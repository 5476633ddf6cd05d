using NewsClassifier.Application.Runs;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Web.Tests.Jobs;

namespace NewsClassifier.Web.Tests.Registry;

/// <summary>The real app with two tiny models trained once (a few seconds) for the registry tests.</summary>
public sealed class RegistryAppFixture : IAsyncLifetime
{
    public NewsAppFactory App { get; } = new();
    public int OlderRunId { get; private set; }
    public int NewerRunId { get; private set; }

    public async Task InitializeAsync()
    {
        var datasetId = await TrainingJobTests.ImportSampleAsync(App, "registry-sample", rows: 400);
        using var scope = App.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<RunLauncher>();
        OlderRunId = await TrainAsync(queue, datasetId, scope.ServiceProvider.GetRequiredService<RunQueries>());
        NewerRunId = await TrainAsync(queue, datasetId, scope.ServiceProvider.GetRequiredService<RunQueries>());
    }

    private static async Task<int> TrainAsync(RunLauncher queue, int datasetId, RunQueries runs)
    {
        var id = await queue.SubmitAsync(new TrainingRequest(datasetId, "custom", TrainingJobTests.TinyModel), CancellationToken.None);
        for (int i = 0; i < 1200; i++)
        {
            var run = await runs.GetRunAsync(id, CancellationToken.None);
            if (run is { IsFinished: true })
            {
                Assert.Equal(RunState.Succeeded, run.State);
                return id;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {id} did not finish in 120 s");
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
