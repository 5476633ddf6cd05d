namespace NewsClassifier.Application.Hosting;

/// <summary>
/// Writes the final state of a piece of work (a run ending Succeeded, Failed, Cancelled or back to Queued; an import's
/// end) through a fresh context when the job's own context failed (its SaveChanges threw: a locked database, a broken
/// connection, an invalid pending change). The row's scalar values are copied from the job's entity, retried briefly,
/// so a run never stays "Running" until the next restart.
/// </summary>
public sealed class FinalStateWriter(IDbContextFactory<NewsDbContext> contexts, ILogger<FinalStateWriter> logger)
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    /// <summary>Copies <paramref name="entity"/>'s values onto its row; <paramref name="alsoAdd"/> (a log line saying
    /// why) is inserted in the same save. True when written.</summary>
    public async Task<bool> WriteAsync<TEntity>(TEntity entity, Exception failure, object? alsoAdd = null) where TEntity : class
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync();
                var key = db.Model.FindEntityType(typeof(TEntity))!.FindPrimaryKey()!.Properties
                    .Select(p => p.PropertyInfo!.GetValue(entity)).ToArray();
                var row = await db.Set<TEntity>().FindAsync(key);
                if (row is null) return false; // deleted meanwhile: nothing to record
                db.Entry(row).CurrentValues.SetValues(entity);
                if (alsoAdd is not null) db.Add(alsoAdd);
                await db.SaveChangesAsync();
                logger.LogWarning("The final state of {Entity} {Key} was written through a fresh context: the job's own context failed ({Error})",
                    typeof(TEntity).Name, string.Join(",", key), failure.Message);
                return true;
            }
            catch (Exception e) when (attempt < Backoff.Length && e is not OperationCanceledException)
            {
                await Task.Delay(Backoff[attempt]);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not write the final state of {Entity}; recovery sees it at the next start", typeof(TEntity).Name);
                return false;
            }
        }
    }
}
