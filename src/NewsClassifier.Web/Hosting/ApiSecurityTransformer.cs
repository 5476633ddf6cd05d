using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NewsClassifier.Web.Hosting;

/// <summary>
/// Tells a client of the OpenAPI document how to authenticate: the <c>bearer</c> scheme (a personal access token in
/// <c>Authorization: Bearer</c>) and the browser's sign-in <c>cookie</c>, required on every operation whose endpoint needs
/// authorization, with the 401 and 403 answers such an operation can give (the pipeline sends them without a body).
/// </summary>
internal sealed class ApiSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Bearer = "bearer", Cookie = "cookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "NewsClassifier API";
        document.Info.Description = "Datasets, labeling, training runs, the model registry and classification. Authenticate with a personal " +
                                    "access token (`Authorization: Bearer <token>`) or the browser's sign-in cookie; cookie-authenticated writes " +
                                    "also send `X-NewsClassifier: 1`. Refusals are ProblemDetails (RFC 9457) with the reason.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal access token, created on the profile page or with the CLI's `tokens create`.",
        };
        document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "NewsClassifier.Auth",
            Description = "The sign-in cookie of /account/login (browsers and scripts that sign in with the form).",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
        // Either scheme will do: two requirements, each with one scheme.
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, context.Document)] = [] },
        ];
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Not signed in: no valid token or cookie." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Signed in, but the role may not do this." });
        return Task.CompletedTask;
    }
}
