namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>The machine classification endpoints (batch, Hugging Face shape) fed malformed JSON, deep and huge arrays,
/// out-of-range top_k and nulls: each is refused with 400/413 and the reason where the app gives one, and nothing is
/// written.</summary>
[Collection(HostileCollection.Name)]
public sealed class ClassifyApiCases(HostileApp app)
{
    private static string Predict => $"/api/models/{HostileApp.ModelName}/predict";

    [Fact]
    public Task Truncated_json_to_the_batch_is_a_400() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync("/api/classify/batch", Hostile.Json("{\"articles\":[{\"text\":\"a\"}")),
            HttpStatusCode.BadRequest, "");

    [Fact]
    public Task Arrays_nested_past_the_json_depth_limit_are_a_400() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync(Predict, Hostile.Json("{\"inputs\":" + new string('[', 5_000) + new string(']', 5_000) + "}")),
            HttpStatusCode.BadRequest, "");

    [Fact]
    public Task A_huge_array_of_nulls_is_a_413_naming_the_article_limit() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync("/api/classify/batch",
                Hostile.Json("{\"articles\":[" + string.Join(',', Enumerable.Repeat("null", 150_000)) + "]}")),
            HttpStatusCode.RequestEntityTooLarge, "150,000 articles in one request; at most 256 are accepted (Inference:MaxBatchArticles)");

    [Fact]
    public Task Null_articles_are_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync("/api/classify/batch", Hostile.Json("""{"articles":null,"top_k":null}""")),
            HttpStatusCode.BadRequest, "Give `articles`: a list of 1 to 256 articles.");

    [Fact]
    public Task Null_or_nested_inputs_are_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync(Predict, Hostile.Json("""{"inputs":[null,["x"]]}""")),
            HttpStatusCode.BadRequest, "Give `inputs` as a text or a list of texts.");

    [Fact]
    public Task Missing_inputs_are_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync(Predict, Hostile.Json("""{"parameters":{"top_k":1}}""")),
            HttpStatusCode.BadRequest, "Give `inputs` as a text or a list of texts.");

    [Fact]
    public Task Top_k_of_zero_is_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsJsonAsync("/api/classify", new { text = "Stocks fell", top_k = 0 }),
            HttpStatusCode.BadRequest, "top_k is 0: give 1 or more");

    [Fact]
    public Task Negative_top_k_in_a_batch_is_refused() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsJsonAsync("/api/classify/batch", new { articles = new[] { new { text = "a" } }, top_k = -1 }),
            HttpStatusCode.BadRequest, "top_k is -1: give 1 or more");

    [Fact]
    public Task Top_k_past_the_labels_is_refused_naming_them() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsJsonAsync(Predict, new { inputs = "Stocks fell", parameters = new { top_k = int.MaxValue } }),
            HttpStatusCode.BadRequest, $"parameters.top_k is {int.MaxValue}, but the model has");

    [Fact]
    public Task Top_k_past_a_32_bit_number_is_a_400() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsync("/api/classify", Hostile.Json("""{"text":"a","top_k":1e20}""")),
            HttpStatusCode.BadRequest, "");

    [Fact]
    public Task A_model_path_that_climbs_out_is_not_found() =>
        Hostile.RefusedAsync(app, "Viewer", c => c.PostAsJsonAsync("/api/models/..%2F..%2Fetc/predict", new { inputs = "a" }),
            HttpStatusCode.NotFound, "");
}
