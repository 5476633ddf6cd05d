using Microsoft.AspNetCore.Diagnostics;

namespace NewsClassifier.Web.Hosting;

/// <summary>
/// An unknown page address answers 404 with the app's "page not found" page (inside the layout, with a way back) rather
/// than an empty body. Only browser page requests get it: the JSON API, the job dashboard, health, Blazor's own paths
/// and every other refusal (400, 401, 403, 429) keep their own answers.
/// </summary>
internal static class NotFoundPages
{
    public const string Path = "/not-found";

    private static readonly string[] OwnAnswers = ["/api", "/hangfire", "/healthz", "/_framework", "/_content", "/_blazor"];

    public static WebApplication UseNotFoundPage(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute(Path, createScopeForStatusCodePages: true);
        // Runs inside the status-code middleware: after the request, say whether this response is one it should replace.
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Features.Get<IStatusCodePagesFeature>() is { } feature)
                feature.Enabled = context.Response.StatusCode == StatusCodes.Status404NotFound && IsPageRequest(context.Request);
        });
        return app;
    }

    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        !OwnAnswers.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
