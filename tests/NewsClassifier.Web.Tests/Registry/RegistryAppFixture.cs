using NewsClassifier.TestSupport;

namespace NewsClassifier.Web.Tests.Registry;

/// <summary>The real app with two tiny models trained once (a few seconds) for the registry API tests.</summary>
public sealed class RegistryAppFixture : IAsyncLifetime
{
    public NewsAppFactory App { get; } = new();
    public int OlderRunId { get; private set; }
    public int NewerRunId { get; private set; }

    public async Task InitializeAsync()
    {
        var datasetId = await SampleData.ImportSampleAsync(App, "registry-sample", rows: 400);
        OlderRunId = await SampleData.TrainTinyAsync(App, datasetId);
        NewerRunId = await SampleData.TrainTinyAsync(App, datasetId);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
