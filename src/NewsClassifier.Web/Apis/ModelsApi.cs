using Microsoft.AspNetCore.Mvc;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to the model registry: models, versions, aliases with their audit log, export and import.</summary>
public static class ModelsApi
{
    /// <summary>The signed-in user is recorded as the creator.</summary>
    public sealed record RegisterRequest(int RunId, string Name);

    /// <summary>The signed-in user is recorded in the audit log.</summary>
    public sealed record AliasRequest(int Version, string? Reason);

    public sealed record VersionResponse(int Version, int RunId, string? Recipe, string? DatasetName, double? ValidationAccuracy, double? ValidationMacroF1,
        string CreatedBy, DateTime CreatedAt, IReadOnlyList<string> Aliases);

    public sealed record AliasChangeResponse(string Alias, int? FromVersion, int? ToVersion, string ChangedBy, DateTime ChangedAt, string Reason, string? MetricsJson);

    public sealed record ModelResponse(string Name, DateTime CreatedAt, IReadOnlyDictionary<string, int> Aliases, IReadOnlyList<VersionResponse> Versions,
        IReadOnlyList<AliasChangeResponse>? Audit);

    public static WebApplication MapModelsApi(this WebApplication app)
    {
        var models = app.MapGroup("/api/models").WithTags("Models").RequireAuthorization(Policies.Browse);
        models.MapGet("/", ListAsync).WithName("ListModels").WithSummary("List the registered models");
        models.MapGet("/{name}", GetAsync).WithName("GetModel").WithSummary("One model: versions, aliases and the alias audit log");
        models.MapPost("/", RegisterAsync).WithName("RegisterModel").WithSummary("Register a succeeded run as the next version of a model").RequireApiWrite(Policies.Train);
        models.MapPost("/{name}/aliases/{alias}", SetAliasAsync).WithName("SetModelAlias").WithSummary("Point an alias (production, staging) at a version, with a reason").RequireApiWrite(Policies.Train);
        models.MapDelete("/{name}/aliases/{alias}", RemoveAliasAsync).WithName("RemoveModelAlias").WithSummary("Remove an alias, with a reason").RequireApiWrite(Policies.Train);
        models.MapGet("/{name}/versions/{version:int}/export", ExportAsync).WithName("ExportModelVersion").WithSummary("Download a model version as a zip archive").RequireRateLimiting(RateLimitPolicies.Exports);
        models.MapPost("/import", ImportAsync).WithName("ImportModel").WithSummary("Import a model archive (multipart file + name)").RequireApiWrite(Policies.Train)
            .WithUploadLimit(app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxUploadBytes);
        return app;
    }

    private static async Task<Ok<List<ModelResponse>>> ListAsync(ModelRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok((await registry.ListAsync(cancellationToken)).Select(m => ToResponse(m, null)).ToList());

    private static async Task<Results<Ok<ModelResponse>, NotFound>> GetAsync(string name, ModelRegistry registry, CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(name, cancellationToken) is not { } model) return TypedResults.NotFound();
        return TypedResults.Ok(ToResponse(model, await registry.AuditAsync(name, cancellationToken)));
    }

    private static async Task<Results<Created<VersionResponse>, ValidationProblem>> RegisterAsync(
        RegisterRequest request, ICurrentUser user, ModelRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            var version = await registry.RegisterAsync(request.RunId, request.Name, await user.NameAsync(), cancellationToken);
            var model = (await registry.GetAsync(request.Name.Trim(), cancellationToken))!;
            return TypedResults.Created($"/api/models/{Uri.EscapeDataString(model.Model.Name)}",
                ToResponse(model.Versions.Single(v => v.Version.Id == version.Id)));
        }
        catch (RegistryException e) { return Problem("model", e); }
    }

    private static async Task<Results<Ok<AliasChangeResponse>, NotFound, ValidationProblem>> SetAliasAsync(
        string name, string alias, AliasRequest request, ICurrentUser user, ModelRegistry registry, CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(name, cancellationToken) is null) return TypedResults.NotFound();
        try
        {
            return TypedResults.Ok(ToResponse(await registry.SetAliasAsync(name, alias, request.Version, await user.NameAsync(), request.Reason ?? "", cancellationToken)));
        }
        catch (RegistryException e) { return Problem("alias", e); }
    }

    private static async Task<Results<Ok<AliasChangeResponse>, NotFound, ValidationProblem>> RemoveAliasAsync(
        string name, string alias, ICurrentUser user, ModelRegistry registry, CancellationToken cancellationToken, [FromQuery] string? reason = null)
    {
        if (await registry.GetAsync(name, cancellationToken) is null) return TypedResults.NotFound();
        try
        {
            return TypedResults.Ok(ToResponse(await registry.RemoveAliasAsync(name, alias, await user.NameAsync(), reason ?? "", cancellationToken)));
        }
        catch (RegistryException e) { return Problem("alias", e); }
    }

    /// <summary>The archive is written to a temporary file first: ZipArchive writes synchronously, which Kestrel's response refuses.</summary>
    private static async Task<Results<FileStreamHttpResult, NotFound<string>>> ExportAsync(
        string name, int version, ModelArchive archive, CancellationToken cancellationToken)
    {
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            await archive.ExportAsync($"{name}:{version}", temp, cancellationToken);
            temp.Position = 0;
            return TypedResults.File(temp, "application/zip", $"{name}-v{version}.zip");
        }
        catch (RegistryException e)
        {
            await temp.DisposeAsync();
            return TypedResults.NotFound(e.Message);
        }
    }

    private static async Task<Results<Created<VersionResponse>, ValidationProblem>> ImportAsync(
        IFormFile? file, [FromForm] string? name, ICurrentUser user, ModelArchive archive, ModelRegistry registry, CancellationToken cancellationToken)
    {
        if (file is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the model archive (.zip) as 'file'."] });
        // RequestBodyLimit and the form reader cap the whole request at Import:MaxUploadBytes (413 above it); the archive's own cap is checked here.
        if (file.Length > ModelArchive.MaxTotalBytes)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"The archive is {file.Length:N0} bytes; the limit is {ModelArchive.MaxTotalBytes:N0}."] });
        try
        {
            await using var stream = file.OpenReadStream();
            var version = await archive.ImportAsync(stream, name ?? "", await user.NameAsync(), cancellationToken);
            var model = (await registry.GetAsync(name!.Trim(), cancellationToken))!;
            return TypedResults.Created($"/api/models/{Uri.EscapeDataString(model.Model.Name)}",
                ToResponse(model.Versions.Single(v => v.Version.Id == version.Id)));
        }
        catch (RegistryException e) { return Problem("file", e); }
    }

    private static ValidationProblem Problem(string key, RegistryException e) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = [e.Message] });

    private static ModelResponse ToResponse(ModelInfo m, IReadOnlyList<AliasChange>? audit) =>
        new(m.Model.Name, m.Model.CreatedAt, m.Aliases, m.Versions.Select(ToResponse).ToList(), audit?.Select(ToResponse).ToList());

    private static VersionResponse ToResponse(ModelVersionInfo v) => new(v.Version.Version, v.Version.RunId, v.Run?.Recipe, v.Run?.DatasetName,
        v.Version.ValidationAccuracy, v.Version.ValidationMacroF1, v.Version.CreatedBy, v.Version.CreatedAt, v.Aliases);

    private static AliasChangeResponse ToResponse(AliasChange c) => new(c.Alias, c.FromVersion, c.ToVersion, c.ChangedBy, c.ChangedAt, c.Reason, c.MetricsJson);
}
