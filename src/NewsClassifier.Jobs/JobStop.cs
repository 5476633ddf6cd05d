using Microsoft.Extensions.Hosting;
using NewsClassifier.Jobs.Storage;

namespace NewsClassifier.Jobs;

/// <summary>
/// How a job ends when its host stops gracefully (a deploy, SIGTERM to a worker). The services put their row back to
/// Queued and return. In memory nothing more is needed: the next start's recovery queues the row again. On durable
/// storage nothing would, so the job then ends with <see cref="OperationCanceledException"/>, which Hangfire answers by
/// putting the same job back at the head of its queue: another worker (or this one, restarted) picks it up and a Torch
/// run resumes from its last complete epoch.
/// </summary>
public sealed class JobStop(JobStore store, IHostApplicationLifetime lifetime)
{
    public async Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await work(cancellationToken);
        if (store.IsDurable && cancellationToken.IsCancellationRequested && lifetime.ApplicationStopping.IsCancellationRequested)
            throw new OperationCanceledException("The host stopped during this job; Hangfire queues it again.", cancellationToken);
    }
}
