using NewsClassifier.Jobs.Storage;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// In-memory job storage forgets queued and running jobs when the process stops, while the database keeps their rows.
/// At start, before the job servers take work, each handler puts its kind of interrupted work back in the queue (or
/// closes it), so nothing stays "running" forever and nothing is lost. Work another live process holds (the CLI
/// training in a terminal, a worker) is left alone; <see cref="LeaseSweep"/> picks it up if that process dies later.
/// On durable storage queued work still has its job, so only running work nobody holds is recovered
/// (<see cref="RecoveryScope.DurableStart"/>): a restart queues nothing twice.
/// </summary>
internal sealed class JobRecovery(RecoveryPass pass, JobStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        pass.RunAsync(store.IsDurable ? RecoveryScope.DurableStart : RecoveryScope.Start, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
