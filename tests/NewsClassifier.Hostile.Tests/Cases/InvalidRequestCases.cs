namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>Malformed JSON bodies, wrong types, out-of-range values and unknown ids on the JSON API: each is refused
/// with 400/404/415 and the reason, and nothing is written.</summary>
[Collection(HostileCollection.Name)]
public sealed class InvalidRequestCases(HostileApp app)
{
    [Fact]
    public Task Truncated_json_to_start_a_run_is_a_400() =>
        Hostile.RefusedAsync(app, "Admin", c => c.PostAsync("/api/runs", Hostile.Json("{not json")), HttpStatusCode.BadRequest, "");

    [Fact]
    public Task An_empty_body_to_start_a_run_is_a_400() =>
        Hostile.RefusedAsync(app, "Admin", c => c.PostAsync("/api/runs", Hostile.Json("")), HttpStatusCode.BadRequest, "");

    [Fact]
    public Task A_string_where_the_dataset_id_goes_is_a_400() =>
        Hostile.RefusedAsync(app, "Admin", c => c.PostAsync("/api/runs", Hostile.Json("""{"datasetId":"abc","recipe":"custom"}""")),
            HttpStatusCode.BadRequest, "");

    [Fact]
    public Task A_text_plain_body_is_a_415() =>
        Hostile.RefusedAsync(app, "Admin", c => c.PostAsync("/api/runs", new StringContent("{}", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "");

    [Fact]
    public Task Invalid_utf8_bytes_in_a_json_body_are_a_400() =>
        Hostile.RefusedAsync(app, "Viewer", c =>
        {
            var bytes = new ByteArrayContent([.. "{\"text\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8.ToArray()]);
            bytes.Headers.ContentType = new("application/json");
            return c.PostAsync("/api/classify", bytes);
        }, HttpStatusCode.BadRequest, "");

    [Fact]
    public Task A_run_on_an_unknown_dataset_is_refused_naming_it() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/runs", new { datasetId = 999999, recipe = "custom" }),
            HttpStatusCode.BadRequest, "There is no dataset number 999999.");

    [Fact]
    public Task An_unknown_recipe_is_refused_with_the_list_of_recipes() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/runs", new { datasetId = app.DatasetId, recipe = "rm -rf" }),
            HttpStatusCode.BadRequest, "Unknown recipe 'rm -rf'; choose one of:");

    [Fact]
    public Task A_negative_embedding_size_is_refused_with_the_range() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/runs",
            new { datasetId = app.DatasetId, recipe = "custom", parameters = new Dictionary<string, string> { ["embed_dim"] = "-5" } }),
            HttpStatusCode.BadRequest, "embed_dim: -5 is out of range (allowed: 1..4096).");

    [Fact]
    public Task An_unknown_training_parameter_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/runs",
            new { datasetId = app.DatasetId, recipe = "custom", parameters = new Dictionary<string, string> { ["__proto__"] = "1" } }),
            HttpStatusCode.BadRequest, "Unknown parameter '__proto__'.");

    [Fact]
    public Task Classify_with_an_unknown_run_is_refused_naming_it() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsJsonAsync("/api/classify", new { text = "hi", runId = 999999 }),
            HttpStatusCode.BadRequest, "There is no run number 999999.");

    [Fact]
    public Task Classify_of_whitespace_only_is_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsJsonAsync("/api/classify", new { title = "  ", text = "\t\n " }),
            HttpStatusCode.BadRequest, "Paste a title or a text to classify.");

    [Fact]
    public Task Classify_with_a_malformed_model_reference_is_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsJsonAsync("/api/classify", new { text = "hi", model = HostileApp.ModelName + ":abc" }),
            HttpStatusCode.BadRequest, "'abc' is not a version number");

    [Fact]
    public Task Registering_a_model_under_a_path_like_name_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/models", new { runId = app.RunId, name = "../../etc" }),
            HttpStatusCode.BadRequest, "'../../etc' is not a model name");

    [Fact]
    public Task Registering_an_unknown_run_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/models", new { runId = 999999, name = "ghost" }),
            HttpStatusCode.BadRequest, "There is no run number 999999.");

    [Fact]
    public Task An_alias_outside_production_and_staging_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync($"/api/models/{HostileApp.ModelName}/aliases/root", new { version = 1, reason = "x" }),
            HttpStatusCode.BadRequest, "'root' is not an alias: use production or staging.");

    [Fact]
    public Task Promoting_a_version_that_does_not_exist_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync($"/api/models/{HostileApp.ModelName}/aliases/production", new { version = 99, reason = "x" }),
            HttpStatusCode.BadRequest, $"{HostileApp.ModelName} has no version 99.");

    [Fact]
    public Task Promoting_without_a_reason_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync($"/api/models/{HostileApp.ModelName}/aliases/production", new { version = 1, reason = "   " }),
            HttpStatusCode.BadRequest, "Say why the alias moves");

    [Theory]
    [InlineData("DELETE", "/api/datasets/999999")]
    [InlineData("POST", "/api/runs/999999/cancel")]
    [InlineData("POST", "/api/pretrained/999999/retry")]
    [InlineData("DELETE", "/api/pretrained/999999")]
    [InlineData("POST", "/api/schedules/999999/run")]
    [InlineData("DELETE", "/api/schedules/999999")]
    [InlineData("GET", "/api/datasets/999999/export")]
    [InlineData("GET", "/api/imports/999999")]
    public Task An_unknown_id_is_a_404(string method, string path) =>
        Hostile.RefusedAsync(app, "Admin", c => c.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.NotFound, "");

    [Fact]
    public Task Promoting_on_an_unknown_model_is_a_404() =>
        Hostile.RefusedAsync(app, "Admin", c => c.PostAsJsonAsync("/api/models/no-such-model/aliases/production", new { version = 1, reason = "x" }),
            HttpStatusCode.NotFound, "");

    [Fact]
    public Task A_page_of_a_million_articles_is_refused_with_the_limit() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.GetAsync($"/api/datasets/{app.DatasetId}/articles?take=1000000"),
            HttpStatusCode.BadRequest, "take between 1 and 500");

    [Fact]
    public Task An_export_format_other_than_csv_or_jsonl_is_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.GetAsync($"/api/datasets/{app.DatasetId}/export?format=../../etc/passwd"),
            HttpStatusCode.BadRequest, "format must be csv or jsonl.");

    [Fact]
    public Task An_annotation_of_an_article_outside_the_dataset_is_refused() =>
        Hostile.RefusedAsync(app, "Annotator", c => c.PostAsJsonAsync($"/api/labeling/{app.DatasetId}/annotations", new { articleId = 99999999, labelId = app.LabelIds[0] }),
            HttpStatusCode.BadRequest, "There is no article 99999999 in this dataset.");

    [Fact]
    public Task An_annotation_with_a_label_of_another_set_is_refused() =>
        Hostile.RefusedAsync(app, "Annotator", c => c.PostAsJsonAsync($"/api/labeling/{app.DatasetId}/annotations", new { articleId = app.ArticleIds[0], labelId = 999999 }),
            HttpStatusCode.BadRequest, "Label 999999 is not in this dataset's label set.");

    [Fact]
    public Task A_wrong_label_report_without_an_article_is_refused() =>
        Hostile.RefusedAsync(app, "Annotator", c => c.PostAsJsonAsync($"/api/labeling/{app.DatasetId}/reports", new { title = "", text = "", labelId = app.LabelIds[0] }),
            HttpStatusCode.BadRequest, "There is no article to report: give a title or a text.");

    [Fact]
    public Task A_schedule_firing_every_minute_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/schedules", new { name = "flood", datasetId = app.DatasetId, recipe = "custom", cron = "* * * * *" }),
            HttpStatusCode.BadRequest, "a schedule may fire at most every 5 minutes");

    [Fact]
    public Task A_schedule_with_a_garbage_cron_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/schedules", new { name = "garbage", datasetId = app.DatasetId, recipe = "custom", cron = "$(reboot)" }),
            HttpStatusCode.BadRequest, "cron:");
}
