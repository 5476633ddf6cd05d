using NewsClassifier.Application.Webhooks;

namespace NewsClassifier.Jobs;

/// <summary>One try of a webhook delivery (<see cref="WebhookSender"/>). Hangfire does not retry it: the sender schedules
/// its own retries with the backoff of Webhooks:RetryBaseSeconds and RetryFactor and records each try.</summary>
[Queue(JobQueues.Webhooks)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class WebhookDeliveryJob(WebhookSender sender)
{
    public Task RunAsync(long deliveryId, CancellationToken cancellationToken) => sender.SendAsync(deliveryId, cancellationToken);
}
