namespace NewsClassifier.Application.Tests.Webhooks;

/// <summary>The application host with webhook retries shortened to a blink and three tries per delivery, so the retry
/// and give-up paths run in seconds (the scheduled-job poll, 1 s, sets the pace).</summary>
public sealed class WebhookHostFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Webhooks:MaxAttempts"] = "3",
        ["Webhooks:RetryBaseSeconds"] = "0.05",
        ["Webhooks:RetryFactor"] = "1",
        ["Webhooks:TimeoutSeconds"] = "5",
    };

    public NewsHost App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await NewsHost.StartAsync(Settings);

    public Task DisposeAsync() => App.DisposeAsync();
}
