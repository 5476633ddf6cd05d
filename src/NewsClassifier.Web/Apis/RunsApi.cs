using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to training runs and classification.</summary>
public static class RunsApi
{
    /// <summary><c>Name</c>: what the pages call the run (at most 100 characters; none: "run N"); <c>Tags</c>: a list of tags.</summary>
    public sealed record StartRunRequest(int DatasetId, string Recipe, Dictionary<string, string>? Parameters, string? Name = null, List<string>? Tags = null);

    public sealed record RunResponse(int Id, string Recipe, int DatasetId, string DatasetName, RunState State, int Epoch, int Epochs,
        int Step, int TotalSteps, double? ValidationAccuracy, double? ValidationMacroF1, string? Device, string? Error, DateTime CreatedAt, DateTime? FinishedAt,
        string? Name, IReadOnlyList<string> Tags);

    /// <summary><c>Model</c>: a registry reference (<c>name</c>, <c>name@alias</c>, <c>name:version</c>); with neither it nor
    /// <c>RunId</c>, the production model answers.</summary>
    public sealed record ClassifyRequest(string? Title, string? Text, int? RunId, string? Model = null);

    public sealed record ClassifyResponse(int RunId, string Label, Dictionary<string, float> Probabilities, int Tokens, bool Truncated, string? Model = null);

    public static WebApplication MapRunsApi(this WebApplication app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(Policies.Browse);
        runs.MapGet("/", ListAsync).WithName("ListRuns");
        runs.MapGet("/{id:int}", GetAsync).WithName("GetRun");
        runs.MapPost("/", StartAsync).WithName("StartRun").RequireApiWrite(Policies.Train);
        runs.MapPost("/{id:int}/cancel", CancelAsync).WithName("CancelRun").RequireApiWrite(Policies.Train);
        app.MapPost("/api/classify", ClassifyAsync).WithTags("Classify").WithName("Classify").RequireApiWrite(Policies.Classify)
            .RequireRateLimiting(RateLimitPolicies.Classify);
        return app;
    }

    private static async Task<Ok<List<RunResponse>>> ListAsync(RunQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queries.ListAsync(200, cancellationToken)).Select(ToResponse).ToList());

    private static async Task<Results<Ok<RunResponse>, NotFound>> GetAsync(int id, RunQueries queries, CancellationToken cancellationToken) =>
        await queries.GetRunAsync(id, cancellationToken) is { } run ? TypedResults.Ok(ToResponse(run)) : TypedResults.NotFound();

    private static async Task<Results<Created<RunResponse>, ValidationProblem>> StartAsync(
        StartRunRequest request, ICurrentUser user, RunLauncher launcher, RunQueries queries, CancellationToken cancellationToken)
    {
        try
        {
            var id = await launcher.SubmitAsync(new TrainingRequest(request.DatasetId, request.Recipe, request.Parameters, await user.NameAsync())
            {
                Name = request.Name,
                Tags = request.Tags is null ? null : string.Join(",", request.Tags),
            }, cancellationToken);
            var run = await queries.GetRunAsync(id, cancellationToken);
            return TypedResults.Created($"/api/runs/{id}", ToResponse(run!));
        }
        catch (TrainingRequestException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = e.Errors.ToArray() });
        }
    }

    private static async Task<Results<Accepted, NotFound>> CancelAsync(int id, RunLauncher launcher, CancellationToken cancellationToken) =>
        await launcher.CancelAsync(id, cancellationToken) ? TypedResults.Accepted($"/api/runs/{id}") : TypedResults.NotFound();

    private static async Task<Results<Ok<ClassifyResponse>, ValidationProblem, ProblemHttpResult>> ClassifyAsync(
        ClassifyRequest request, ClassificationService classifier, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var result = await classifier.ClassifyAsync(request.Model, request.RunId, request.Title, request.Text, cancellationToken);
            var p = result.Prediction;
            return TypedResults.Ok(new ClassifyResponse(result.Run.Id, p.PredictedLabel,
                p.LabelNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => p.Probabilities[x.i]),
                p.TokenCount, p.Truncated || result.InputTruncated, result.Model?.Display));
        }
        catch (ClassificationBusyException e)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (ClassificationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = new[] { e.Message } });
        }
        catch (RegistryException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = new[] { e.Message } });
        }
    }

    private static RunResponse ToResponse(TrainingRun r) => new(r.Id, r.Recipe, r.DatasetId, r.DatasetName, r.State, r.Epoch, r.Epochs,
        r.Step, r.TotalSteps, r.ValidationAccuracy, r.ValidationMacroF1, r.Device, r.Error, r.CreatedAt, r.FinishedAt, r.Name, RunTable.ParseTags(r.Tags));
}
