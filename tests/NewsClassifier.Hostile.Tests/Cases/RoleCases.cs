namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>Every role against every write endpoint it may not use (403, nothing changed), and every write endpoint
/// without a session (401). The table mirrors Policies: Train = Admin and Scientist, Label = those and Annotator,
/// Admin = Admin only; classify is open to every signed-in role, "this is wrong" reports to labelling roles.</summary>
[Collection(HostileCollection.Name)]
public sealed class RoleCases(HostileApp app)
{
    /// <summary>Write endpoints with the roles allowed to use them. {d} is the seeded dataset, {r} the run, {m} the model.</summary>
    private static readonly (string Method, string Path, string[] Allowed)[] Writes =
    [
        ("DELETE", "/api/datasets/{d}", ["Admin"]),
        ("POST", "/api/runs", ["Admin", "Scientist"]),
        ("POST", "/api/runs/{r}/cancel", ["Admin", "Scientist"]),
        ("POST", "/api/models", ["Admin", "Scientist"]),
        ("POST", "/api/models/{m}/aliases/production", ["Admin", "Scientist"]),
        ("DELETE", "/api/models/{m}/aliases/production", ["Admin", "Scientist"]),
        ("POST", "/api/models/import", ["Admin", "Scientist"]),
        ("POST", "/api/pretrained", ["Admin", "Scientist"]),
        ("POST", "/api/pretrained/1/retry", ["Admin", "Scientist"]),
        ("POST", "/api/pretrained/1/cancel", ["Admin", "Scientist"]),
        ("DELETE", "/api/pretrained/1", ["Admin", "Scientist"]),
        ("POST", "/api/labeling/{d}/annotations", ["Admin", "Scientist", "Annotator"]),
        ("POST", "/api/labeling/{d}/scoring", ["Admin", "Scientist"]),
        ("POST", "/api/schedules", ["Admin", "Scientist"]),
        ("PUT", "/api/schedules/1", ["Admin", "Scientist"]),
        ("POST", "/api/schedules/1/enable", ["Admin", "Scientist"]),
        ("POST", "/api/schedules/1/disable", ["Admin", "Scientist"]),
        ("POST", "/api/schedules/1/run", ["Admin", "Scientist"]),
        ("DELETE", "/api/schedules/1", ["Admin", "Scientist"]),
        ("POST", "/api/schedules/firings/1/approve", ["Admin", "Scientist"]),
        ("POST", "/api/schedules/firings/1/reject", ["Admin", "Scientist"]),
        ("POST", "/api/classify", HostileApp.Roles),
        ("POST", "/api/labeling/{d}/reports", ["Admin", "Scientist", "Annotator"]),
    ];

    /// <summary>Reads that are still limited to labelling roles.</summary>
    private static readonly (string Method, string Path, string[] Allowed)[] LimitedReads =
    [
        ("GET", "/api/labeling/{d}/progress", ["Admin", "Scientist", "Annotator"]),
        ("GET", "/api/labeling/{d}/agreement", ["Admin", "Scientist", "Annotator"]),
    ];

    public static TheoryData<string, string, string> Forbidden()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, allowed) in Writes.Concat(LimitedReads))
            foreach (var role in HostileApp.Roles.Except(allowed))
                data.Add(role, method, path);
        return data;
    }

    public static TheoryData<string, string> Writable()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, path, _) in Writes) data.Add(method, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public Task A_role_without_the_policy_gets_403(string role, string method, string path) =>
        Hostile.RefusedAsync(app, role, c => c.SendAsync(Request(method, path)), HttpStatusCode.Forbidden, "");

    [Theory]
    [MemberData(nameof(Writable))]
    public Task A_write_without_a_session_gets_401(string method, string path) =>
        Hostile.RefusedAsync(app, null, c => c.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized, "");

    [Fact]
    public Task A_Viewer_is_sent_to_access_denied_from_the_hangfire_dashboard() =>
        Hostile.RefusedAsync(app, "Viewer", async c =>
        {
            var response = await c.GetAsync("/hangfire");
            Assert.StartsWith("/account/access-denied", response.Headers.Location?.OriginalString.Replace(c.BaseAddress!.ToString().TrimEnd('/'), ""));
            return response;
        }, HttpStatusCode.Redirect, "");

    [Fact]
    public Task A_forged_auth_cookie_is_anonymous() =>
        Hostile.RefusedAsync(app, null, c =>
        {
            var request = Request("POST", "/api/runs");
            request.Headers.Add("Cookie", "NewsClassifier.Auth=CfDJ8forgedforgedforgedforged");
            return c.SendAsync(request);
        }, HttpStatusCode.Unauthorized, "");

    /// <summary>A well-formed body, so that only the role can be the reason for the refusal.</summary>
    private HttpRequestMessage Request(string method, string path)
    {
        var resolved = path.Replace("{d}", app.DatasetId.ToString()).Replace("{r}", app.RunId.ToString()).Replace("{m}", HostileApp.ModelName);
        var request = new HttpRequestMessage(new HttpMethod(method), resolved);
        if (method is "POST" or "PUT")
        {
            object body = resolved switch
            {
                "/api/runs" => new { datasetId = app.DatasetId, recipe = "custom", parameters = new Dictionary<string, string> { ["epochs"] = "1" } },
                "/api/models" => new { runId = app.RunId, name = "role-case-model" },
                "/api/classify" => new { text = "Stocks rallied on Wall Street." },
                _ when resolved.EndsWith("/annotations") => new { articleId = app.ArticleIds[0], labelId = app.LabelIds[0] },
                _ when resolved.EndsWith("/reports") => new { title = "t", text = "a report", labelId = app.LabelIds[0], note = "n" },
                _ when resolved.Contains("/aliases/") => new { version = 1, reason = "role case" },
                _ => new { },
            };
            // The model import accepts only a form: routing answers 415 to any other body before authorization runs.
            request.Content = resolved == "/api/models/import" ? HostileZip.Form([1, 2, 3], name: "role-case") : JsonContent.Create(body);
        }
        return request;
    }
}
