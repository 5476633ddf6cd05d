using Microsoft.EntityFrameworkCore.Storage;

namespace NewsClassifier.Data.Storage;

/// <summary>
/// Retries EF Core operations (SaveChanges, ExecuteUpdate/Delete, queries, and whole units passed to
/// <c>Database.CreateExecutionStrategy().ExecuteAsync</c>) after a transient SQLITE_BUSY/LOCKED (see <see cref="SqliteRetry"/>).
/// An operation inside a transaction its caller began outside the strategy cannot be retried alone (the failure ends
/// the whole transaction), so it runs once, as without this strategy, instead of EF's refusal of such transactions:
/// code that wants the retry runs its transaction through <c>CreateExecutionStrategy().ExecuteAsync</c>.
/// </summary>
public sealed class SqliteRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, SqliteRetry.MaxRetries, SqliteRetry.MaxDelay)
{
    private bool _insideCallersTransaction;

    protected override void OnFirstExecution()
    {
        if (Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null)
        {
            _insideCallersTransaction = true;
            ExceptionsEncountered.Clear();
            return;
        }
        base.OnFirstExecution();
    }

    protected override bool ShouldRetryOn(Exception exception) => !_insideCallersTransaction && SqliteRetry.IsTransient(exception);

    protected override TimeSpan? GetNextDelay(Exception lastException) =>
        ExceptionsEncountered.Count > MaxRetryCount ? null : SqliteRetry.Delay(ExceptionsEncountered.Count);
}
