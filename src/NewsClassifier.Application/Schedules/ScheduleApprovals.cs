using Microsoft.EntityFrameworkCore;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Webhooks;
using NewsClassifier.Data;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Schedules;

/// <summary>A Scientist's answer to a firing that passed the gate of a schedule that needs approval: accepting moves
/// <c>production</c> to the challenger; rejecting leaves production alone. Both are recorded on the firing with who and why.</summary>
public sealed class ScheduleApprovals(IDbContextFactory<NewsDbContext> contexts, ModelRegistry registry, WebhookPublisher webhooks)
{
    public async Task<ScheduleFiring> DecideAsync(long firingId, bool accept, string user, string? note, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var firing = await db.ScheduleFirings.SingleOrDefaultAsync(f => f.Id == firingId, cancellationToken)
            ?? throw new ScheduleRequestException([$"There is no firing number {firingId}."]);
        if (firing.Decision != FiringDecision.PendingApproval || firing.ChallengerVersion is not { } version)
            throw new ScheduleRequestException([$"Firing {firingId} is not waiting for approval (it is {firing.Decision?.ToString().ToLowerInvariant() ?? "running"})."]);
        if (!accept && string.IsNullOrWhiteSpace(note)) throw new ScheduleRequestException(["reason: say why the challenger is rejected."]);
        var schedule = await db.Schedules.AsNoTracking().SingleAsync(s => s.Id == firing.ScheduleId, cancellationToken);
        if (accept)
            await registry.SetAliasAsync(schedule.ModelName, ModelAlias.Production, version, user,
                $"Approved firing {firing.Id} of schedule '{schedule.Name}'{(string.IsNullOrWhiteSpace(note) ? "" : ": " + note.Trim())}", cancellationToken);
        firing.Decision = accept ? FiringDecision.Promoted : FiringDecision.Rejected;
        firing.ApprovedBy = user;
        firing.ApprovalNote = note?.Trim();
        firing.Reason = accept ? $"Approved by {user}. {firing.Reason}" : $"Rejected by {user}: {note!.Trim()}. {firing.Reason}";
        await db.SaveChangesAsync(cancellationToken);
        webhooks.Publish(WebhookEvents.ScheduleDecision, WebhookPayloads.Firing(firing.Id));
        return firing;
    }
}
