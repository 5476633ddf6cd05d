using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Data;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Jobs.Pretrained;

/// <summary>
/// In-memory job storage forgets queued and running jobs on restart. At start, imports the database still shows as
/// unfinished are queued again; a hub download keeps its finished files and resumes its <c>.partial</c> file.
/// </summary>
internal sealed class PretrainedRecovery(
    IDbContextFactory<NewsDbContext> contexts,
    IBackgroundJobClient jobs,
    ILogger<PretrainedRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.PretrainedCheckpoints
            .Where(p => p.State == PretrainedState.Queued || p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating)
            .ToListAsync(cancellationToken);
        foreach (var row in interrupted)
        {
            var id = row.Id;
            row.State = PretrainedState.Queued;
            row.JobId = jobs.Enqueue<ImportPretrainedJob>(job => job.RunAsync(id, CancellationToken.None));
            logger.LogWarning("Pretrained import {Id} ('{Name}') was interrupted by a restart; queued again", row.Id, row.Name);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
