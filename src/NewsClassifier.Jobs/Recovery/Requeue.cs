using NewsClassifier.Jobs.Storage;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// Queues recovered work again. On durable storage the job of work whose process died is still "Processing" there, and
/// its queue entry becomes visible again after the invisibility timeout: it is deleted first, so Hangfire drops that
/// entry instead of running a second copy, and the dashboard does not show a job that looks stuck. In memory the old job
/// is gone with the process that had it (its id may even name another job here), so it is left alone. An id the storage
/// never issued (work a CLI process ran in itself) has no job to delete.
/// </summary>
internal sealed class Requeue(IBackgroundWork work, JobStore store)
{
    /// <returns>The new job's id.</returns>
    public string Replace(string? deadJobId, Func<IBackgroundWork, string> enqueue)
    {
        if (store.IsDurable && deadJobId is not null)
        {
            try
            {
                work.Cancel(deadJobId);
            }
            catch (BackgroundJobClientException)
            {
                // Not a job of this storage (Hangfire.PostgreSql's ids are numbers): nothing is left to run twice.
            }
        }
        return enqueue(work);
    }
}
