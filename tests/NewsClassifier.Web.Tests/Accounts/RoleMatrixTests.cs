using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;

namespace NewsClassifier.Web.Tests.Accounts;

/// <summary>
/// Every endpoint the app maps (read from its EndpointDataSource), requested by every role and by an anonymous visitor,
/// against the table below. An endpoint missing from the table fails the test, so a new page or API forces a decision.
/// Refused means: anonymous, 302 to the sign-in page (pages) or 401 (API); signed in with the wrong role, 302 to the
/// access-denied page (pages) or 403 (API). Allowed means anything else below 500 (sample ids do not exist: 404s are
/// fine, the request got past authorization). Each role also calls every endpoint with a personal access token instead of
/// the cookie (no cookies, no cookie-write header): the API expects the same as for the cookie, while a token opens no
/// page, circuit or dashboard (it gets what an anonymous visitor gets).
/// </summary>
public partial class RoleMatrixTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    private const string Anonymous = "anonymous";
    private const string Reviewer = "Annotator+review"; // an Annotator an Admin granted "can review"

    private static readonly string[] Everyone = [Anonymous, AppRoles.Admin, AppRoles.Scientist, AppRoles.Annotator, Reviewer, AppRoles.Viewer];
    private static readonly string[] SignedIn = [AppRoles.Admin, AppRoles.Scientist, AppRoles.Annotator, Reviewer, AppRoles.Viewer];
    private static readonly string[] Labellers = [AppRoles.Admin, AppRoles.Scientist, AppRoles.Annotator, Reviewer];
    private static readonly string[] Trainers = [AppRoles.Admin, AppRoles.Scientist];
    private static readonly string[] Reviewers = [AppRoles.Admin, AppRoles.Scientist, Reviewer];
    private static readonly string[] Admins = [AppRoles.Admin];

    /// <summary>Who may use what. Keys: "PAGE route" for Razor pages, otherwise "METHODS route" as mapped ("ANY" when the
    /// endpoint takes every method). Mirrors Policies.cs and the README's role table.</summary>
    private static readonly Dictionary<string, Rule> Expected = new()
    {
        // Anonymous by design: probes, sign-in, first-run setup, errors.
        ["ANY /healthz"] = new(Everyone),
        ["PAGE /account/login"] = new(Everyone),
        ["PAGE /account/setup"] = new(Everyone),
        ["PAGE /account/access-denied"] = new(Everyone),
        ["POST /account/logout"] = new(Everyone),
        ["PAGE /error"] = new(Everyone),
        ["PAGE /not-found"] = new(Everyone),

        ["GET /openapi/{documentName}.json"] = new(Everyone, "GET", "/openapi/v1.json"), // describes the API, acts on nothing
        // The reference page's script and icon, embedded in the Scalar package: public like the other static assets.
        ["GET /scalar/favicon.svg"] = new(Everyone),
        ["GET /scalar/scalar.aspnetcore.js"] = new(Everyone),
        ["GET /scalar/scalar.js"] = new(Everyone),

        // Browse: any signed-in user.
        ["GET /scalar/{documentName?}"] = new(SignedIn, "GET", "/scalar/v1"),
        ["PAGE /"] = new(SignedIn),
        ["PAGE /datasets"] = new(SignedIn),
        ["PAGE /datasets/{DatasetId:int}"] = new(SignedIn),
        ["PAGE /datasets/{DatasetId:int}/articles/{ArticleId:long}"] = new(SignedIn),
        ["PAGE /datasets/imports/{ImportId:int}"] = new(SignedIn),
        ["PAGE /experiments"] = new(SignedIn),
        ["PAGE /experiments/{RunId:int}"] = new(SignedIn),
        ["PAGE /models"] = new(SignedIn),
        ["PAGE /models/{Name}"] = new(SignedIn),
        ["PAGE /jobs"] = new(SignedIn),
        ["PAGE /account/tokens"] = new(SignedIn),
        ["GET /api/datasets/"] = new(SignedIn),
        ["GET /api/datasets/{id:int}"] = new(SignedIn),
        ["GET /api/datasets/{id:int}/articles"] = new(SignedIn),
        ["GET /api/datasets/{id:int}/export"] = new(SignedIn),
        ["GET /api/imports/{id:int}"] = new(SignedIn),
        ["GET /api/runs/"] = new(SignedIn),
        ["GET /api/runs/{id:int}"] = new(SignedIn),
        ["GET /api/models/"] = new(SignedIn),
        ["GET /api/models/{name}"] = new(SignedIn),
        ["GET /api/models/{name}/versions/{version:int}/export"] = new(SignedIn),
        ["GET /api/pretrained/"] = new(SignedIn),
        ["GET /api/pretrained/{id:int}"] = new(SignedIn),
        ["PAGE /schedules"] = new(SignedIn),
        ["PAGE /schedules/{Id:int}"] = new(SignedIn),
        ["GET /api/schedules/"] = new(SignedIn),
        ["GET /api/schedules/{id:int}"] = new(SignedIn),

        // Classify: any role.
        ["PAGE /classify"] = new(SignedIn),
        ["POST /api/classify"] = new(SignedIn),
        ["POST /api/classify/batch"] = new(SignedIn),
        ["POST /api/models/{name}/predict"] = new(SignedIn),

        // Label.
        ["PAGE /labeling"] = new(Labellers),
        ["PAGE /labeling/{DatasetId:int}"] = new(Labellers),
        ["PAGE /labeling/{DatasetId:int}/agreement"] = new(Labellers),
        ["GET /api/labeling/{datasetId:int}/progress"] = new(Labellers),
        ["GET /api/labeling/{datasetId:int}/agreement"] = new(Labellers),
        ["POST /api/labeling/{datasetId:int}/next"] = new(Labellers),
        ["POST /api/labeling/{datasetId:int}/annotations"] = new(Labellers),
        ["POST /api/labeling/{datasetId:int}/reports"] = new(Labellers),
        ["PAGE /labeling/{DatasetId:int}/relabel"] = new(Labellers),
        ["GET /api/labeling/{datasetId:int}/relabel/next"] = new(Labellers),
        ["POST /api/labeling/{datasetId:int}/relabel"] = new(Labellers),

        // Review: Admin, Scientist, and Annotators the Admin allowed to review.
        ["PAGE /labeling/{DatasetId:int}/review"] = new(Reviewers),

        // Train: Admin and Scientist.
        ["PAGE /datasets/import"] = new(Trainers),
        ["PAGE /experiments/new"] = new(Trainers),
        ["PAGE /compare"] = new(Trainers),
        ["POST /api/runs/"] = new(Trainers),
        ["POST /api/labeling/{datasetId:int}/scoring"] = new(Trainers),
        ["POST /api/labeling/{datasetId:int}/label-errors/scan"] = new(Trainers),
        ["POST /api/labeling/{datasetId:int}/label-set"] = new(Trainers),
        ["POST /api/runs/{id:int}/cancel"] = new(Trainers),
        ["POST /api/models/"] = new(Trainers),
        ["POST /api/models/{name}/aliases/{alias}"] = new(Trainers),
        ["DELETE /api/models/{name}/aliases/{alias}"] = new(Trainers),
        ["POST /api/models/import"] = new(Trainers),
        ["POST /api/pretrained/"] = new(Trainers),
        ["POST /api/pretrained/{id:int}/retry"] = new(Trainers),
        ["POST /api/pretrained/{id:int}/cancel"] = new(Trainers),
        ["DELETE /api/pretrained/{id:int}"] = new(Trainers),
        ["POST /api/schedules/"] = new(Trainers),
        ["PUT /api/schedules/{id:int}"] = new(Trainers),
        ["POST /api/schedules/{id:int}/enable"] = new(Trainers),
        ["POST /api/schedules/{id:int}/disable"] = new(Trainers),
        ["DELETE /api/schedules/{id:int}"] = new(Trainers),
        ["POST /api/schedules/{id:int}/run"] = new(Trainers),
        ["POST /api/schedules/firings/{firingId:long}/approve"] = new(Trainers),
        ["POST /api/schedules/firings/{firingId:long}/reject"] = new(Trainers),

        // Admin.
        ["PAGE /admin/users"] = new(Admins),
        ["PAGE /admin/tokens"] = new(Admins),
        ["PAGE /labeling/{DatasetId:int}/settings"] = new(Admins),
        ["DELETE /api/datasets/{id:int}"] = new(Admins),
        ["ANY /hangfire/{**path}"] = new(Admins),
        ["PAGE /admin/webhooks"] = new(Admins),
        ["GET /api/webhooks/"] = new(Admins),
        ["POST /api/webhooks/"] = new(Admins),
        ["PUT /api/webhooks/{id:int}"] = new(Admins),
        ["POST /api/webhooks/{id:int}/enabled"] = new(Admins),
        ["POST /api/webhooks/{id:int}/secret"] = new(Admins),
        ["DELETE /api/webhooks/{id:int}"] = new(Admins),
        ["POST /api/webhooks/{id:int}/test"] = new(Admins),
        ["GET /api/webhooks/{id:int}/deliveries"] = new(Admins),
        ["GET /api/webhooks/deliveries/{deliveryId:long}"] = new(Admins),
        ["POST /api/webhooks/deliveries/{deliveryId:long}/resend"] = new(Admins),

        // Framework endpoints: the Blazor circuit hub and helpers, and the static-file fallback, need a signed-in user
        // (the fallback policy). Requested the way the framework would.
        ["ANY /_blazor"] = new(SignedIn, "GET", "/_blazor?id=none"),
        ["ANY /_blazor/negotiate"] = new(SignedIn, "POST", "/_blazor/negotiate?negotiateVersion=1"),
        ["ANY /_blazor/disconnect/"] = new(SignedIn, "POST"),
        ["ANY /_blazor/initializers/"] = new(SignedIn, "GET"),
        ["GET /_framework/opaque-redirect"] = new(SignedIn),
        ["GET,HEAD {**path:file}"] = new(SignedIn, "GET", "/no-such-file.txt"),
    };

    private const string TokenPrefix = "token:";

    private static string TokenOf(string role) => TokenPrefix + role;

    private sealed record Rule(string[] Allowed, string? Method = null, string? Path = null);

    [Fact]
    public async Task Every_endpoint_admits_exactly_the_roles_in_the_table()
    {
        var clients = new Dictionary<string, HttpClient> { [Anonymous] = app.AnonymousClient() };
        foreach (var role in AppRoles.All) clients[role] = await app.ClientAsync(role);
        await app.CreateUserAsync("reviewer", AppRoles.Annotator, canReview: true);
        clients[Reviewer] = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await NewsAppFactory.SignInAsync(clients[Reviewer], "reviewer", NewsAppFactory.Password)).StatusCode);
        clients[Reviewer].DefaultRequestHeaders.Add(NewsClassifier.Web.Accounts.CookieWriteHeader.HeaderName, NewsClassifier.Web.Accounts.CookieWriteHeader.HeaderValue);
        foreach (var role in SignedIn) clients[TokenOf(role)] = (await app.TokenClientAsync(role == Reviewer ? "reviewer" : NewsAppFactory.UserOf(role))).Client;

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .ToDictionary(Key, e => e);
        var unlisted = endpoints.Keys.Except(Expected.Keys).Order().ToList();
        Assert.True(unlisted.Count == 0, "Endpoints missing from the role table (decide who may use them): " + string.Join(", ", unlisted));
        var stale = Expected.Keys.Except(endpoints.Keys).Order().ToList();
        Assert.True(stale.Count == 0, "Table rows without an endpoint: " + string.Join(", ", stale));

        var failures = new StringBuilder();
        var checks = 0;
        foreach (var (key, rule) in Expected)
        {
            var (method, path) = Request(key, rule);
            var accepts = endpoints[key].Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes ?? [];
            foreach (var (who, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT") request.Content = Body(accepts);
                using var response = await client.SendAsync(request);
                var outcome = Outcome(response);
                var (role, token) = who.StartsWith(TokenPrefix, StringComparison.Ordinal) ? (who[TokenPrefix.Length..], true) : (who, false);
                // A token counts on /api only; elsewhere its request is an anonymous one.
                if (token && !path.StartsWith("/api/", StringComparison.Ordinal)) role = Anonymous;
                var allowed = rule.Allowed.Contains(role);
                var ok = allowed ? outcome == "allowed" : outcome == (role == Anonymous ? "sign-in" : "forbidden");
                if (!ok) failures.AppendLine($"{who,-17} {method} {path}: expected {(allowed ? "allowed" : "refused")}, got {(int)response.StatusCode} {response.Headers.Location} ({outcome})");
                checks++;
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
        Assert.True(checks >= Expected.Count * 11);
    }

    [Fact]
    public void Static_assets_are_public_so_the_sign_in_page_has_its_styles()
    {
        app.CreateClient().Dispose();
        var assets = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null).ToList();
        Assert.NotEmpty(assets);
        Assert.All(assets, e => Assert.NotNull(e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>()));
    }

    /// <summary>A body of the kind the endpoint reads (a wrong content type is refused with 415 before authorization runs).</summary>
    private static HttpContent Body(IReadOnlyList<string> accepts)
    {
        if (accepts.Contains("multipart/form-data")) return new MultipartFormDataContent { { new StringContent("sample"), "name" } };
        if (accepts.Contains("application/x-www-form-urlencoded")) return new FormUrlEncodedContent([]);
        return new StringContent("{}", Encoding.UTF8, "application/json");
    }

    /// <summary>"allowed", "sign-in" (challenge: 401 or the redirect to the sign-in page), "forbidden" (403 or the
    /// redirect to the access-denied page), or "error" (5xx).</summary>
    private static string Outcome(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "sign-in",
            HttpStatusCode.Forbidden => "forbidden",
            HttpStatusCode.Redirect when location.Contains("/account/login", StringComparison.Ordinal) && location.Contains("ReturnUrl=", StringComparison.Ordinal) => "sign-in",
            HttpStatusCode.Redirect when location.Contains("/account/access-denied", StringComparison.Ordinal) => "forbidden",
            >= HttpStatusCode.InternalServerError => "error",
            _ => "allowed",
        };
    }

    private static string Key(RouteEndpoint endpoint)
    {
        var route = endpoint.RoutePattern.RawText ?? "";
        if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null) return $"PAGE {route}";
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        return $"{(methods is { Count: > 0 } ? string.Join(",", methods) : "ANY")} {route}";
    }

    private static (string Method, string Path) Request(string key, Rule rule)
    {
        var space = key.IndexOf(' ');
        var kind = key[..space];
        var route = key[(space + 1)..];
        var method = rule.Method ?? (kind is "PAGE" or "ANY" ? "GET" : kind.Split(',')[0]);
        var path = rule.Path ?? Parameter().Replace(route, m => Sample(m.Groups[1].Value));
        return (method, path.StartsWith('/') ? path : "/" + path);
    }

    /// <summary>Sample values for route parameters: ids that do not exist, names of nothing.</summary>
    private static string Sample(string parameter) => parameter.TrimStart('*').Split(':')[0].ToLowerInvariant() switch
    {
        "name" => "sample-model",
        "alias" => "staging",
        "path" => "",
        _ => "987654",
    };

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();
}
