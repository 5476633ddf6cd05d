using NewsClassifier.Application;
using Microsoft.AspNetCore.Http.HttpResults;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.Web.Accounts;
using NewsClassifier.Web.Schedules;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to retraining schedules: read with Browse; create, edit, enable, delete, run and decide approvals with Train.</summary>
public static class SchedulesApi
{
    /// <summary>Every field optional so that a half-filled body is answered with every reason (400), not a binding error.
    /// The dataset by <c>DatasetId</c> or <c>DatasetName</c>; <c>ParametersFromRunId</c> copies a run's parameters.</summary>
    public sealed record ScheduleBody(string? Name, int? DatasetId, string? DatasetName, string? Recipe, Dictionary<string, string>? Parameters,
        int? ParametersFromRunId, string? ModelName, string? Cron, string? TimeZone, int? MinNewLabels, double? EvaluationFraction,
        int? EvaluationDatasetId, GateSettings? Gate, bool? Enabled);

    /// <summary>Approving takes an optional note; rejecting needs a reason (either field is read).</summary>
    public sealed record DecisionBody(string? Note, string? Reason);

    public sealed record ScheduleResponse(int Id, string Name, int DatasetId, string DatasetName, string Recipe, IReadOnlyDictionary<string, string> Parameters,
        int? ParametersFromRunId, string ModelName, string? Cron, string TimeZone, int? MinNewLabels, double EvaluationFraction, int? EvaluationDatasetId,
        GateSettings Gate, bool Enabled, string CreatedBy, DateTime CreatedAt);

    public sealed record SummaryResponse(ScheduleResponse Schedule, DateTimeOffset? NextFiring, FiringResponse? LastFiring, bool Running);

    public sealed record DetailsResponse(ScheduleResponse Schedule, IReadOnlyList<DateTimeOffset> NextFirings, IReadOnlyList<FiringResponse> Firings, int EvaluationArticles);

    public sealed record FiringResponse(long Id, FiringTrigger Trigger, FiringState State, FiringDecision? Decision, string Reason, int? RunId,
        string? Champion, string? Challenger, EvaluationScore? ChampionScore, EvaluationScore? ChallengerScore, double? PValue, int? EvaluationArticles,
        string StartedBy, DateTime StartedAt, DateTime? FinishedAt, string? ApprovedBy, string? ApprovalNote);

    public sealed record RunResponse(string JobId);

    public static WebApplication MapSchedulesApi(this WebApplication app)
    {
        var schedules = app.MapGroup("/api/schedules").WithTags("Schedules").RequireAuthorization(Policies.Browse);
        schedules.MapGet("/", ListAsync).WithName("ListSchedules").WithSummary("List the training schedules");
        schedules.MapGet("/{id:int}", GetAsync).WithName("GetSchedule").WithSummary("One schedule: history and the next five firings");
        schedules.MapPost("/", CreateAsync).WithName("CreateSchedule").WithSummary("Create a training schedule").RequireApiWrite(Policies.Train);
        schedules.MapPut("/{id:int}", UpdateAsync).WithName("UpdateSchedule").WithSummary("Change a schedule").RequireApiWrite(Policies.Train);
        schedules.MapPost("/{id:int}/enable", (int id, ScheduleService service, CancellationToken ct) => SetEnabledAsync(id, true, service, ct))
            .WithName("EnableSchedule").WithSummary("Enable a schedule").RequireApiWrite(Policies.Train);
        schedules.MapPost("/{id:int}/disable", (int id, ScheduleService service, CancellationToken ct) => SetEnabledAsync(id, false, service, ct))
            .WithName("DisableSchedule").WithSummary("Disable a schedule").RequireApiWrite(Policies.Train);
        schedules.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteSchedule").WithSummary("Delete a schedule").RequireApiWrite(Policies.Train);
        schedules.MapPost("/{id:int}/run", RunAsync).WithName("RunSchedule").WithSummary("Fire a schedule now").RequireApiWrite(Policies.Train);
        schedules.MapPost("/firings/{firingId:long}/approve", (long firingId, DecisionBody? body, ICurrentUser user, ScheduleApprovals approvals, CancellationToken ct) =>
            DecideAsync(firingId, true, body, user, approvals, ct)).WithName("ApproveFiring").WithSummary("Approve a firing's promotion").RequireApiWrite(Policies.Train);
        schedules.MapPost("/firings/{firingId:long}/reject", (long firingId, DecisionBody? body, ICurrentUser user, ScheduleApprovals approvals, CancellationToken ct) =>
            DecideAsync(firingId, false, body, user, approvals, ct)).WithName("RejectFiring").WithSummary("Reject a firing's promotion").RequireApiWrite(Policies.Train);
        return app;
    }

    private static async Task<Ok<List<SummaryResponse>>> ListAsync(ScheduleService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.ListAsync(cancellationToken))
            .Select(s => new SummaryResponse(ToResponse(s.Schedule, s.DatasetName), s.NextFiring, s.LastFiring is { } f ? ToResponse(f) : null, s.Running)).ToList());

    private static async Task<Results<Ok<DetailsResponse>, NotFound>> GetAsync(int id, ScheduleService service, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken) is { Schedule.Deleted: false } d
            ? TypedResults.Ok(new DetailsResponse(ToResponse(d.Schedule, d.DatasetName), d.NextFirings, d.Firings.Select(ToResponse).ToList(), d.EvaluationArticles))
            : TypedResults.NotFound();

    private static async Task<Results<Created<ScheduleResponse>, ValidationProblem>> CreateAsync(
        ScheduleBody body, ICurrentUser user, ScheduleService service, CancellationToken cancellationToken)
    {
        try
        {
            var schedule = await service.CreateAsync(ToRequest(body), await user.NameAsync(), cancellationToken);
            var details = (await service.GetAsync(schedule.Id, cancellationToken))!;
            return TypedResults.Created($"/api/schedules/{schedule.Id}", ToResponse(details.Schedule, details.DatasetName));
        }
        catch (ScheduleRequestException e) { return Problem(e); }
    }

    private static async Task<Results<Ok<ScheduleResponse>, NotFound, ValidationProblem>> UpdateAsync(
        int id, ScheduleBody body, ScheduleService service, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(service, id, cancellationToken)) return TypedResults.NotFound();
        try
        {
            await service.UpdateAsync(id, ToRequest(body), cancellationToken);
            var details = (await service.GetAsync(id, cancellationToken))!;
            return TypedResults.Ok(ToResponse(details.Schedule, details.DatasetName));
        }
        catch (ScheduleRequestException e) { return Problem(e); }
    }

    private static async Task<Results<NoContent, NotFound>> SetEnabledAsync(int id, bool enabled, ScheduleService service, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(service, id, cancellationToken)) return TypedResults.NotFound();
        await service.SetEnabledAsync(id, enabled, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, ScheduleService service, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(service, id, cancellationToken)) return TypedResults.NotFound();
        await service.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>202 with the background job's id: the firing itself (and its decision) appears in the schedule's history.</summary>
    private static async Task<Results<Accepted<RunResponse>, NotFound>> RunAsync(
        int id, ICurrentUser user, ScheduleService service, ScheduleTriggers triggers, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(service, id, cancellationToken)) return TypedResults.NotFound();
        var job = await triggers.RunNowAsync(id, await user.NameAsync(), cancellationToken);
        return TypedResults.Accepted($"/api/schedules/{id}", new RunResponse(job));
    }

    private static async Task<Results<Ok<FiringResponse>, NotFound, ValidationProblem>> DecideAsync(
        long firingId, bool accept, DecisionBody? body, ICurrentUser user, ScheduleApprovals approvals, CancellationToken cancellationToken)
    {
        try
        {
            var firing = await approvals.DecideAsync(firingId, accept, await user.NameAsync(), body?.Reason ?? body?.Note, cancellationToken);
            return TypedResults.Ok(ToResponse(firing));
        }
        catch (ScheduleRequestException e) when (e.Errors is [var only] && only.StartsWith("There is no firing", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }
        catch (ScheduleRequestException e) { return Problem(e); }
    }

    private static async Task<bool> ExistsAsync(ScheduleService service, int id, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken) is { Schedule.Deleted: false };

    /// <summary>The service names each reason "field: why"; grouped by that field so clients can place them.</summary>
    private static ValidationProblem Problem(ScheduleRequestException e) =>
        TypedResults.ValidationProblem(e.Errors.GroupBy(Field).ToDictionary(g => g.Key, g => g.ToArray()));

    private static string Field(string error) => error.IndexOf(':') is > 0 and var colon && !error[..colon].Contains(' ') ? error[..colon] : "request";

    private static ScheduleRequest ToRequest(ScheduleBody body) => new()
    {
        Name = body.Name ?? "",
        DatasetId = body.DatasetId,
        DatasetName = body.DatasetName,
        Recipe = body.Recipe ?? "",
        Parameters = body.Parameters,
        ParametersFromRunId = body.ParametersFromRunId,
        ModelName = body.ModelName,
        Cron = body.Cron,
        TimeZone = body.TimeZone,
        MinNewLabels = body.MinNewLabels,
        EvaluationFraction = body.EvaluationFraction ?? 0.1,
        EvaluationDatasetId = body.EvaluationDatasetId,
        Gate = body.Gate ?? new GateSettings(),
        Enabled = body.Enabled ?? true,
    };

    private static ScheduleResponse ToResponse(Schedule s, string datasetName) => new(s.Id, s.Name, s.DatasetId, datasetName, s.Recipe,
        StoredJson.Deserialize<Dictionary<string, string>>(s.ParametersJson) ?? new(), s.ParametersFromRunId, s.ModelName, s.Cron, s.TimeZone,
        s.MinNewLabels, s.EvaluationFraction, s.EvaluationDatasetId, s.Gate, s.Enabled, s.CreatedBy, s.CreatedAt);

    private static FiringResponse ToResponse(ScheduleFiring f) => new(f.Id, f.Trigger, f.State, f.Decision, f.Reason, f.RunId, f.Champion, f.Challenger,
        FiringScores.Champion(f), FiringScores.Challenger(f), f.PValue, f.EvaluationArticles, f.StartedBy, f.StartedAt, f.FinishedAt, f.ApprovedBy, f.ApprovalNote);
}
