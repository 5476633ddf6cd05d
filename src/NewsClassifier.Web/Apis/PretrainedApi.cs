using System.Text.Json;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to pretrained (Hugging Face BERT) checkpoints: list, import from the hub, a server folder or an
/// uploaded zip (as a background job), retry, cancel and delete.</summary>
public static class PretrainedApi
{
    /// <summary>Exactly one of <paramref name="HubId"/> (with an optional revision) or <paramref name="Path"/>.</summary>
    public sealed record ImportRequest(string? HubId, string? Revision, string? Name, string? Path);

    public sealed record CheckpointResponse(
        int Id, string Name, PretrainedSourceKind SourceKind, string Source, string? Revision, string? HubUrl, string Folder,
        PretrainedState State, long BytesDone, long BytesTotal, string? Error,
        int? NumLayers, int? HiddenSize, int? NumHeads, int? IntermediateSize, int? VocabSize, int? VocabFileTokens, int? MaxPositions,
        long? ParameterCount, string? WeightsFormat, long? TotalBytes, bool LowerCase, DateTime CreatedAt, DateTime? FinishedAt, string CreatedBy);

    public static WebApplication MapPretrainedApi(this WebApplication app)
    {
        var maxUpload = app.Services.GetRequiredService<IOptions<PretrainedOptions>>().Value.MaxDownloadBytes;
        var group = app.MapGroup("/api/pretrained").WithTags("Pretrained").RequireAuthorization(Policies.Browse);
        group.MapGet("/", ListAsync).WithName("ListPretrained").WithSummary("List the pretrained checkpoints");
        group.MapGet("/{id:int}", GetAsync).WithName("GetPretrained").WithSummary("One pretrained checkpoint and its import state");
        group.MapPost("/", ImportAsync).WithName("ImportPretrained").WithSummary("Import a pretrained checkpoint (hub id, server path or zip upload)").RequireApiWrite(Policies.Train)
            // One Accepts with both types: the endpoint matcher keeps only the last Accepts' content types.
            .Accepts<ImportRequest>("application/json", "multipart/form-data")
            .WithFormOptions(multipartBodyLengthLimit: maxUpload)
            .WithUploadLimit(maxUpload) // the zip form only: a JSON body keeps the small request limit
            .WithDescription("JSON {hubId, revision?, name?} or {path, name?}; or a multipart form with the zip as 'file' and an optional 'name'. The import runs as a job: poll GET /api/pretrained/{id}.");
        group.MapPost("/{id:int}/retry", RetryAsync).WithName("RetryPretrained").WithSummary("Retry a failed checkpoint import").RequireApiWrite(Policies.Train);
        group.MapPost("/{id:int}/cancel", CancelAsync).WithName("CancelPretrained").WithSummary("Cancel a checkpoint import").RequireApiWrite(Policies.Train);
        group.MapDelete("/{id:int}", DeleteAsync).WithName("DeletePretrained").WithSummary("Delete a pretrained checkpoint").RequireApiWrite(Policies.Train);
        return app;
    }

    private static async Task<Ok<List<CheckpointResponse>>> ListAsync(PretrainedQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queries.ListAsync(cancellationToken)).Select(ToResponse).ToList());

    private static async Task<Results<Ok<CheckpointResponse>, NotFound>> GetAsync(int id, PretrainedQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken) is { } row ? TypedResults.Ok(ToResponse(row)) : TypedResults.NotFound();

    /// <summary>One route for both bodies: the content type says which (JSON for hub and path, a form for a zip).</summary>
    private static async Task<Results<Accepted<CheckpointResponse>, ValidationProblem>> ImportAsync(
        HttpContext context, ICurrentUser user, PretrainedRequests requests, PretrainedLauncher launcher, PretrainedQueries queries, CancellationToken cancellationToken)
    {
        PretrainedRequest request;
        string? staged = null;
        try
        {
            if (context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(cancellationToken);
                if (form.Files.GetFile("file") is not { } file)
                    return Problem("file", "Attach the checkpoint zip as 'file'.");
                await using (var stream = file.OpenReadStream())
                    staged = await requests.StageUploadAsync(stream, cancellationToken);
                request = new PretrainedRequest
                {
                    StagedZip = staged, ZipFileName = file.FileName, Name = Blank(form["name"]), CreatedBy = await user.NameAsync(),
                };
            }
            else
            {
                var body = await context.Request.ReadFromJsonAsync<ImportRequest>(cancellationToken);
                if (body is null) return Problem("body", "Send {hubId, revision?, name?} or {path, name?} as JSON, or a zip as a multipart form.");
                request = new PretrainedRequest
                {
                    HubId = Blank(body.HubId), Revision = Blank(body.Revision), Path = Blank(body.Path), Name = Blank(body.Name), CreatedBy = await user.NameAsync(),
                };
            }
            var id = await launcher.SubmitAsync(request, restrictServerPaths: true, cancellationToken);
            var row = (await queries.GetAsync(id, cancellationToken))!;
            return TypedResults.Accepted($"/api/pretrained/{id}", ToResponse(row));
        }
        catch (Exception e) when (e is PretrainedException or JsonException or InvalidDataException)
        {
            if (staged is not null) File.Delete(staged);
            return Problem("request", e.Message);
        }
    }

    private static async Task<Results<Accepted, NotFound, ValidationProblem>> RetryAsync(int id, PretrainedLauncher launcher, PretrainedQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is null) return TypedResults.NotFound();
        try
        {
            await launcher.RetryAsync(id, cancellationToken);
            return TypedResults.Accepted($"/api/pretrained/{id}");
        }
        catch (PretrainedException e) { return Problem("state", e.Message); }
    }

    private static async Task<Results<Accepted, NotFound>> CancelAsync(int id, PretrainedLauncher launcher, CancellationToken cancellationToken) =>
        await launcher.CancelAsync(id, cancellationToken) ? TypedResults.Accepted($"/api/pretrained/{id}") : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteAsync(int id, PretrainedLauncher launcher, CancellationToken cancellationToken)
    {
        try
        {
            return await launcher.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
        }
        catch (PretrainedException e) { return Problem("state", e.Message); }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ValidationProblem Problem(string key, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] });

    private static CheckpointResponse ToResponse(PretrainedCheckpoint c) => new(
        c.Id, c.Name, c.SourceKind, c.Source, c.Revision, c.HubUrl, c.Folder, c.State, c.BytesDone, c.BytesTotal, c.Error,
        c.NumLayers, c.HiddenSize, c.NumHeads, c.IntermediateSize, c.VocabSize, c.VocabFileTokens, c.MaxPositions,
        c.ParameterCount, c.WeightsFormat, c.TotalBytes, c.LowerCase, c.CreatedAt, c.FinishedAt, c.CreatedBy);
}
