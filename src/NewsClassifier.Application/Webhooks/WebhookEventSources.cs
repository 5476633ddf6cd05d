using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>
/// Turns the progress the app already publishes into webhooks, so the trainer and the importer know nothing about them: a
/// run's last progress message carries its final state (written before it is published), an import's its end. Aliases,
/// schedule decisions and review items call <see cref="WebhookPublisher"/> where they happen.
/// </summary>
internal sealed class WebhookEventSources(Notifier<RunProgress> runs, Notifier<ImportStatus> imports, WebhookPublisher publisher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runs.Changed += OnRun;
        imports.Changed += OnImport;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        runs.Changed -= OnRun;
        imports.Changed -= OnImport;
        return Task.CompletedTask;
    }

    private void OnRun(RunProgress progress)
    {
        if (WebhookPayloads.EventOf(progress.State) is { } type) publisher.Publish(type, WebhookPayloads.Run(progress.RunId));
    }

    private void OnImport(ImportStatus status)
    {
        if (status.IsFinished) publisher.Publish(WebhookEvents.ImportFinished, WebhookPayloads.Import(status.ImportId));
    }
}
