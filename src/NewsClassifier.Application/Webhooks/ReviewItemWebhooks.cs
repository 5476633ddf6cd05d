using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>
/// review.item webhooks from every place that opens a review item (annotator disagreements, the label-error scan,
/// "this is wrong" reports), without touching any of them: a save-changes interceptor notes the items being added and,
/// once the save succeeded (the ids are known), publishes one event per dataset and reason. The publisher is resolved
/// when first needed: it creates contexts itself, and those contexts' options contain this interceptor.
/// </summary>
internal sealed class ReviewItemWebhooks(IServiceProvider services) : SaveChangesInterceptor
{
    private WebhookPublisher Publisher => field ??= services.GetRequiredService<WebhookPublisher>();

    private readonly ConditionalWeakTable<DbContext, List<ReviewItem>> _adding = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Publish(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null) return;
        var added = context.ChangeTracker.Entries<ReviewItem>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count > 0) _adding.AddOrUpdate(context, added);
        else _adding.Remove(context);
    }

    private void Publish(DbContext? context)
    {
        if (context is null || !_adding.TryGetValue(context, out var added)) return;
        _adding.Remove(context);
        foreach (var group in added.GroupBy(i => (i.DatasetId, i.Reason)))
            Publisher.Publish(WebhookEvents.ReviewItem, WebhookPayloads.ReviewItems(group.Key.DatasetId, group.Key.Reason, group.ToList()));
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _adding.Remove(context);
    }
}
