using NewsClassifier.Application.Labeling;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to labelling: progress, agreement, annotating, scoring and "this is wrong" reports. The annotator
/// is the request's signed-in user (<see cref="ICurrentUser"/>), never a name the client sends.</summary>
public static class LabelingApi
{
    public sealed record AnnotateRequest(long ArticleId, int? LabelId, bool Skip = false);

    public sealed record AnnotateResponse(long ArticleId, string UserName, string Effect);

    public sealed record ReportRequest(string? Title, string? Text, int LabelId, string? Note);

    public sealed record ReportResponse(long ReviewItemId, long ArticleId);

    public static WebApplication MapLabelingApi(this WebApplication app)
    {
        var labeling = app.MapGroup("/api/labeling/{datasetId:int}").WithTags("Labeling").RequireAuthorization(Policies.Browse);
        labeling.MapGet("/progress", ProgressAsync).WithName("GetLabelingProgress").RequireAuthorization(Policies.Label);
        labeling.MapGet("/agreement", AgreementAsync).WithName("GetLabelingAgreement").RequireAuthorization(Policies.Label);
        // POST: handing out the next article reserves it for the caller, a state change a GET (prefetch, crawler, <img>) must not make.
        labeling.MapPost("/next", NextAsync).WithName("ReserveNextArticle").RequireApiWrite(Policies.Label);
        labeling.MapPost("/annotations", AnnotateAsync).WithName("Annotate").RequireApiWrite(Policies.Label);
        labeling.MapPost("/scoring", ScoreAsync).WithName("StartScoring").RequireApiWrite(Policies.Train);
        labeling.MapPost("/reports", ReportAsync).WithName("ReportWrongLabel").RequireApiWrite(Policies.Label).RequireRateLimiting(RateLimitPolicies.Reports);
        return app;
    }

    private static async Task<Results<Ok<LabelingProgress>, NotFound>> ProgressAsync(int datasetId, AnnotationQueue queue, CancellationToken cancellationToken)
    {
        try { return TypedResults.Ok(await queue.ProgressAsync(datasetId, cancellationToken)); }
        catch (LabelingException) { return TypedResults.NotFound(); }
    }

    private static async Task<Results<Ok<AgreementReport>, NotFound>> AgreementAsync(int datasetId, AnnotationQueue queue, AgreementReports reports, CancellationToken cancellationToken)
    {
        if (await queue.DatasetNameAsync(datasetId, cancellationToken) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await reports.ForDatasetAsync(datasetId, cancellationToken));
    }

    private static async Task<Results<Ok<AnnotationCard>, NoContent, NotFound>> NextAsync(int datasetId, ICurrentUser user, AnnotationQueue queue, CancellationToken cancellationToken)
    {
        if (await queue.DatasetNameAsync(datasetId, cancellationToken) is null) return TypedResults.NotFound();
        var card = await queue.NextAsync(datasetId, await user.NameAsync(), [], cancellationToken);
        return card is null ? TypedResults.NoContent() : TypedResults.Ok(card);
    }

    private static async Task<Results<Ok<AnnotateResponse>, ValidationProblem>> AnnotateAsync(int datasetId, AnnotateRequest request, ICurrentUser user,
        AnnotationQueue queue, CancellationToken cancellationToken)
    {
        var name = await user.NameAsync();
        try
        {
            if (request.Skip)
            {
                await queue.SkipAsync(datasetId, request.ArticleId, name, cancellationToken);
                return TypedResults.Ok(new AnnotateResponse(request.ArticleId, name, "Skipped"));
            }
            if (request.LabelId is not { } labelId) return Problem("labelId", "Give a labelId, or skip: true.");
            var effect = await queue.AnnotateAsync(datasetId, request.ArticleId, name, labelId, cancellationToken);
            return TypedResults.Ok(new AnnotateResponse(request.ArticleId, name, effect.ToString()));
        }
        catch (LabelingException e) { return Problem("annotation", e.Message); }
    }

    private static async Task<Results<Accepted, ValidationProblem>> ScoreAsync(int datasetId, ScoringLauncher scoring, CancellationToken cancellationToken)
    {
        try
        {
            await scoring.EnqueueAsync(datasetId, cancellationToken);
            return TypedResults.Accepted($"/api/labeling/{datasetId}/progress");
        }
        catch (LabelingException e) { return Problem("scoring", e.Message); }
    }

    private static async Task<Results<Created<ReportResponse>, ValidationProblem>> ReportAsync(int datasetId, ReportRequest request, ICurrentUser user,
        ReviewQueue reviews, CancellationToken cancellationToken)
    {
        try
        {
            var item = await reviews.ReportWrongAsync(datasetId, request.Title, request.Text, request.LabelId, request.Note, await user.NameAsync(), cancellationToken);
            return TypedResults.Created($"/labeling/{datasetId}/review", new ReportResponse(item.Id, item.ArticleId));
        }
        catch (LabelingException e) { return Problem("report", e.Message); }
    }

    private static ValidationProblem Problem(string key, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] });
}
