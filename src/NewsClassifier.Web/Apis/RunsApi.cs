using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to training runs (classification is <see cref="ClassifyApi"/>).</summary>
public static class RunsApi
{
    /// <summary><c>Name</c>: what the pages call the run (at most 100 characters; none: "run N"); <c>Tags</c>: a list of tags.</summary>
    public sealed record StartRunRequest(int DatasetId, string Recipe, Dictionary<string, string>? Parameters, string? Name = null, List<string>? Tags = null);

    public sealed record RunResponse(int Id, string Recipe, int DatasetId, string DatasetName, RunState State, int Epoch, int Epochs,
        int Step, int TotalSteps, double? ValidationAccuracy, double? ValidationMacroF1, string? Device, string? Error, DateTime CreatedAt, DateTime? FinishedAt,
        string? Name, IReadOnlyList<string> Tags);

    public static WebApplication MapRunsApi(this WebApplication app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(Policies.Browse);
        runs.MapGet("/", ListAsync).WithName("ListRuns").WithSummary("List the newest training runs");
        runs.MapGet("/{id:int}", GetAsync).WithName("GetRun").WithSummary("One training run");
        runs.MapPost("/", StartAsync).WithName("StartRun").WithSummary("Start a training run").RequireApiWrite(Policies.Train);
        runs.MapPost("/{id:int}/cancel", CancelAsync).WithName("CancelRun").WithSummary("Cancel a queued or running run").RequireApiWrite(Policies.Train);
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

    private static RunResponse ToResponse(TrainingRun r) => new(r.Id, r.Recipe, r.DatasetId, r.DatasetName, r.State, r.Epoch, r.Epochs,
        r.Step, r.TotalSteps, r.ValidationAccuracy, r.ValidationMacroF1, r.Device, r.Error, r.CreatedAt, r.FinishedAt, r.Name, RunTable.ParseTags(r.Tags));
}
