using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NewsClassifier.Application.Tests.Leases;

/// <summary>Contexts whose SaveChanges throws once the tracked changes match <paramref name="failWhen"/> (a run or an
/// import set to its final state), as a locked database or a dropped connection would fail the job's own context.</summary>
internal sealed class FailingFinalSave(DbContextOptions<NewsDbContext> options, Func<DbContext, bool> failWhen) : IDbContextFactory<NewsDbContext>
{
    public int Failures { get; private set; }

    public NewsDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<NewsDbContext>(options).AddInterceptors(new Interceptor(this)).Options);

    private sealed class Interceptor(FailingFinalSave owner) : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Check(eventData.Context!);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Check(eventData.Context!);
            return ValueTask.FromResult(result);
        }

        private void Check(DbContext context)
        {
            if (!owner.Matches(context)) return;
            owner.Failures++;
            throw new DbUpdateException("injected: the job's connection broke");
        }
    }

    private bool Matches(DbContext context) => failWhen(context);
}
