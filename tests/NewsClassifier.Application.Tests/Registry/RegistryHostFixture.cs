namespace NewsClassifier.Application.Tests.Registry;

/// <summary>The application host with two tiny models trained once (a few seconds) for the registry tests.</summary>
public sealed class RegistryHostFixture : IAsyncLifetime
{
    public NewsHost App { get; } = new();
    public int OlderRunId { get; private set; }
    public int NewerRunId { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var datasetId = await SampleData.ImportSampleAsync(App, "registry-sample", rows: 400);
        OlderRunId = await SampleData.TrainTinyAsync(App, datasetId);
        NewerRunId = await SampleData.TrainTinyAsync(App, datasetId);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
