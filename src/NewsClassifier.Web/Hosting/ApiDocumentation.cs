using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace NewsClassifier.Web.Hosting;

/// <summary>The machine-readable description of the JSON API (OpenAPI 3.1 at <c>/openapi/v1.json</c>) and its
/// interactive reference page (Scalar at <c>/scalar</c>, served from the package's embedded script: no CDN).</summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json", ReferencePath = "/scalar";

    public static WebApplicationBuilder AddNewsApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // The JSON API only: the sign-out form post is the pages' business.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<ApiSecurityTransformer>();
            o.AddOperationTransformer<ApiSecurityTransformer>();
        });
        builder.Services.AddSingleton<ApiSecurityTransformer>();
        return builder;
    }

    public static WebApplication MapNewsApiDocumentation(this WebApplication app)
    {
        // Public: the document describes the API and acts on nothing, and a client generator or a CMS integrator should
        // be able to fetch it before it has a token; it holds no data and no secrets (the same facts as the README).
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().ExcludeFromDescription();
        // The interactive page sends requests as the signed-in user, so it is for signed-in users only.
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("NewsClassifier API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                // Nothing that calls out (the machine may have no network, and the AI agent, telemetry and the
                // deploy/SDK toolbar are Scalar's services, not this app's).
                .DisableAgent()
                .DisableTelemetry()
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(ApiSecurityTransformer.Bearer))
            .RequireAuthorization(Policies.Browse);
        return app;
    }
}
