using Microsoft.AspNetCore.Authorization;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to labelling: progress, agreement, annotating, relabeling gold articles, scoring, the label-error
/// scan, a first label set and "this is wrong" reports. The annotator
/// is the request's signed-in user (<see cref="ICurrentUser"/>), never a name the client sends.</summary>
public static class LabelingApi
{
    public sealed record AnnotateRequest(long ArticleId, int? LabelId, bool Skip = false);

    public sealed record AnnotateResponse(long ArticleId, string UserName, string Effect);

    public sealed record ReportRequest(string? Title, string? Text, int LabelId, string? Note);

    public sealed record ReportResponse(long ReviewItemId, long ArticleId);

    public sealed record RelabelRequest(long ArticleId, int? LabelId, bool Skip = false);

    public sealed record RelabelResponse(long ArticleId, string UserName, string Effect);

    public sealed record LabelSetRequest(IReadOnlyList<string?>? Names);

    public static WebApplication MapLabelingApi(this WebApplication app)
    {
        var labeling = app.MapGroup("/api/labeling/{datasetId:int}").WithTags("Labeling").RequireAuthorization(Policies.Browse);
        labeling.MapGet("/progress", ProgressAsync).WithName("GetLabelingProgress").WithSummary("Labeling progress of a dataset").RequireAuthorization(Policies.Label);
        labeling.MapGet("/agreement", AgreementAsync).WithName("GetLabelingAgreement").WithSummary("Inter-annotator agreement of a dataset").RequireAuthorization(Policies.Label);
        // POST: handing out the next article reserves it for the caller, a state change a GET (prefetch, crawler, <img>) must not make.
        labeling.MapPost("/next", NextAsync).WithName("ReserveNextArticle").WithSummary("Reserve the next article to label for the caller").RequireApiWrite(Policies.Label);
        labeling.MapPost("/annotations", AnnotateAsync).WithName("Annotate").WithSummary("Label (or skip) a reserved article").RequireApiWrite(Policies.Label);
        labeling.MapPost("/scoring", ScoreAsync).WithName("StartScoring").WithSummary("Score the dataset with the production model (active learning)").RequireApiWrite(Policies.Train);
        // Relabel mode over gold articles: reading the next one holds nothing, so it is a GET.
        labeling.MapGet("/relabel/next", RelabelNextAsync).WithName("NextRelabelArticle").WithSummary("The next gold article to relabel").RequireAuthorization(Policies.Label);
        labeling.MapPost("/relabel", RelabelAsync).WithName("Relabel").WithSummary("Relabel a gold article").RequireApiWrite(Policies.Label);
        labeling.MapPost("/label-errors/scan", ScanAsync).WithName("StartLabelErrorScan").WithSummary("Start the out-of-fold label-error scan").RequireApiWrite(Policies.Train);
        labeling.MapPost("/label-set", CreateLabelSetAsync).WithName("CreateLabelSet").WithSummary("Create a new label set for the dataset").RequireApiWrite(Policies.Train);
        labeling.MapPost("/reports", ReportAsync).WithName("ReportWrongLabel").WithSummary("Report a wrong label (\"this is wrong\")").RequireApiWrite(Policies.Label).RequireRateLimiting(RateLimitPolicies.Reports);
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

    /// <summary>The caller's rights from the request's own principal, never from the body.</summary>
    private static async Task<Relabeler> RelabelerAsync(HttpContext http, ICurrentUser user, IAuthorizationService authorization) => new(
        await user.NameAsync(),
        (await authorization.AuthorizeAsync(http.User, Policies.Label)).Succeeded,
        (await authorization.AuthorizeAsync(http.User, Policies.Review)).Succeeded);

    private static async Task<Results<Ok<RelabelCard>, NoContent, NotFound, ValidationProblem>> RelabelNextAsync(int datasetId, HttpContext http, ICurrentUser user,
        IAuthorizationService authorization, AnnotationQueue queue, RelabelQueue relabel, CancellationToken cancellationToken,
        long after = 0, int? labelId = null, RelabelFocus focus = RelabelFocus.All, bool onlyUnseen = true)
    {
        if (await queue.DatasetNameAsync(datasetId, cancellationToken) is null) return TypedResults.NotFound();
        if (!Enum.IsDefined(focus)) return Problem("focus", $"focus is one of {string.Join(", ", Enum.GetNames<RelabelFocus>())}.");
        var card = await relabel.NextAsync(datasetId, new RelabelFilter(labelId, focus, onlyUnseen), await RelabelerAsync(http, user, authorization), after, [], cancellationToken);
        return card is null ? TypedResults.NoContent() : TypedResults.Ok(card);
    }

    private static async Task<Results<Ok<RelabelResponse>, ValidationProblem>> RelabelAsync(int datasetId, RelabelRequest request, HttpContext http, ICurrentUser user,
        IAuthorizationService authorization, RelabelQueue relabel, CancellationToken cancellationToken)
    {
        if (!request.Skip && request.LabelId is null) return Problem("labelId", "Give a labelId (the gold label confirms it), or skip: true.");
        var who = await RelabelerAsync(http, user, authorization);
        try
        {
            var effect = await relabel.AnswerAsync(datasetId, request.ArticleId, who, request.Skip ? null : request.LabelId, cancellationToken);
            return TypedResults.Ok(new RelabelResponse(request.ArticleId, who.Name, effect.ToString()));
        }
        catch (LabelingException e) { return Problem("relabel", e.Message); }
    }

    private static async Task<Results<Accepted, ValidationProblem>> ScanAsync(int datasetId, LabelErrorScanLauncher scans, CancellationToken cancellationToken)
    {
        try
        {
            await scans.EnqueueAsync(datasetId, cancellationToken);
            return TypedResults.Accepted($"/api/labeling/{datasetId}/progress");
        }
        catch (LabelingException e) { return Problem("scan", e.Message); }
    }

    private static async Task<Results<Created<IReadOnlyList<LabelOption>>, ValidationProblem>> CreateLabelSetAsync(int datasetId, LabelSetRequest request,
        LabelSetEditor editor, CancellationToken cancellationToken)
    {
        try
        {
            var labels = await editor.CreateAsync(datasetId, request.Names ?? [], cancellationToken);
            return TypedResults.Created($"/labeling/{datasetId}", labels);
        }
        catch (LabelingException e) { return Problem("names", e.Message); }
    }

    private static ValidationProblem Problem(string key, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] });
}
