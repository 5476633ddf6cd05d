using Microsoft.AspNetCore.Routing;

namespace NewsClassifier.Web.Tests.Apis;

/// <summary>
/// The OpenAPI document over HTTP against the endpoints the app really maps (its EndpointDataSource): every endpoint
/// under /api is in the document with a summary or description, so a new endpoint mapped without one fails here; the
/// bearer and cookie schemes are declared and required where the endpoint needs a signed-in user; error answers are
/// ProblemDetails.
/// </summary>
public sealed class OpenApiDocumentTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Fact]
    public async Task Every_api_endpoint_is_described_with_its_security_and_error_shapes()
    {
        using var anonymous = app.AnonymousClient();
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // public: it describes and acts on nothing
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(("http", "bearer"), (schemes.GetProperty("bearer").GetProperty("type").GetString(), schemes.GetProperty("bearer").GetProperty("scheme").GetString()));
        Assert.Equal(("apiKey", "cookie"), (schemes.GetProperty("cookie").GetProperty("type").GetString(), schemes.GetProperty("cookie").GetProperty("in").GetString()));

        var paths = document.GetProperty("paths");
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        Assert.True(endpoints.Count >= 45, $"only {endpoints.Count} API endpoints found");
        var failures = new List<string>();
        foreach (var (method, endpoint) in endpoints)
        {
            var path = DocumentPath(endpoint.RoutePattern.RawText!);
            var name = $"{method} {endpoint.RoutePattern.RawText}";
            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                failures.Add($"{name}: not in the document (as {path})");
                continue;
            }
            if (!HasText(operation, "summary") && !HasText(operation, "description")) failures.Add($"{name}: no summary or description");
            if (!operation.TryGetProperty("security", out var security) || security.GetArrayLength() != 2)
                failures.Add($"{name}: no bearer/cookie security requirement (every API endpoint needs a signed-in user)");
            if (!operation.GetProperty("responses").TryGetProperty("401", out _)) failures.Add($"{name}: no 401 answer");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Refusals are ProblemDetails: classify's 400 is a validation problem, the batch's 413 a problem.
        var batch = paths.GetProperty("/api/classify/batch").GetProperty("post").GetProperty("responses");
        Assert.Contains("problem+json", batch.GetProperty("400").GetProperty("content").EnumerateObject().Single().Name);
        Assert.Contains("problem+json", batch.GetProperty("413").GetProperty("content").EnumerateObject().Single().Name);
        Assert.True(batch.GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _));
        var request = paths.GetProperty("/api/classify/batch").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.True(request.TryGetProperty("schema", out _));
    }

    [Fact]
    public async Task The_reference_page_is_for_signed_in_users_and_served_without_a_cdn()
    {
        var anonymous = await app.AnonymousClient().GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location?.OriginalString);

        using var viewer = await app.ClientAsync(AppRoles.Viewer);
        var page = await viewer.GetStringAsync("/scalar/v1");
        Assert.Contains("\"url\":\"openapi/v1.json\"", page);
        Assert.Contains("<script src=\"scalar.js\">", page); // the package's own copy, next to the page
        Assert.DoesNotContain("https://", page);
        var script = await viewer.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "the embedded Scalar bundle");
    }

    /// <summary>"/api/runs/{id:int}" as the document writes it: "/api/runs/{id}"; a group's "/" maps to no trailing slash.</summary>
    private static string DocumentPath(string route)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{(\*\*)?([A-Za-z]+)(:[^}]+)?\??\}", "{$2}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static bool HasText(JsonElement operation, string property) =>
        operation.TryGetProperty(property, out var value) && !string.IsNullOrWhiteSpace(value.GetString());
}
