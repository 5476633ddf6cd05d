using NewsClassifier.Web.Tests.Registry;

namespace NewsClassifier.Web.Tests.Apis;

/// <summary>Classification for machines over real HTTP: top_k, the model named in every answer, the batch endpoint
/// (input order, per-article errors, limits) and the Hugging Face shape. Two tiny models trained once for the class.</summary>
public sealed class ClassifyApiTests(RegistryAppFixture fixture) : IClassFixture<RegistryAppFixture>
{
    private const string Title = "Stocks slide", Text = "Shares fell sharply on Wall Street as oil prices rose.";

    private static readonly string[] Texts =
    [
        "The striker scored twice as the home side won the cup final.",
        "Shares fell sharply on Wall Street as oil prices rose.",
        "A new chip doubles the battery life of laptops, the company said.",
        "Rebels and the army agreed a ceasefire after talks in the capital.",
    ];

    [Fact]
    public async Task One_article_answers_its_top_labels_and_names_the_model_that_answered()
    {
        using var client = await fixture.App.ClientAsync(AppRoles.Scientist);
        await RegisterAsync(client, "topk", fixture.OlderRunId);

        var all = await ClassifyAsync(client, new { title = Title, text = Text, model = "topk:1" });
        Assert.Equal("topk:1", all.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("alias").ValueKind);
        var top = all.GetProperty("top").EnumerateArray().ToList();
        var probabilities = all.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
        Assert.Equal(probabilities.Count, top.Count); // no top_k: every label
        Assert.Equal(probabilities.OrderByDescending(p => p.Value).Select(p => p.Key), top.Select(t => t.GetProperty("label").GetString()));
        Assert.Equal(all.GetProperty("label").GetString(), top[0].GetProperty("label").GetString());

        var two = await ClassifyAsync(client, new { title = Title, text = Text, model = "topk:1", top_k = 2 });
        var twoTop = two.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(2, twoTop.Count);
        Assert.Equal(top.Take(2).Select(t => t.GetProperty("label").GetString()), twoTop.Select(t => t.GetProperty("label").GetString()));
        Assert.True(twoTop[0].GetProperty("score").GetSingle() >= twoTop[1].GetProperty("score").GetSingle());

        // Through the alias, the alias is named too; a run asked for by number says so.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/models/topk/aliases/staging", new { version = 1, reason = "try it" })).StatusCode);
        var staged = await ClassifyAsync(client, new { title = Title, text = Text, model = "topk@staging", top_k = 1 });
        Assert.Equal(("topk:1", "staging"), (staged.GetProperty("model").GetString(), staged.GetProperty("alias").GetString()));
        Assert.Single(staged.GetProperty("top").EnumerateArray());
        var byRun = await ClassifyAsync(client, new { title = Title, text = Text, runId = fixture.NewerRunId });
        Assert.Equal($"run {fixture.NewerRunId}", byRun.GetProperty("model").GetString());

        await RefusedAsync(client, "/api/classify", new { text = Text, model = "topk:1", top_k = 0 }, HttpStatusCode.BadRequest, "top_k is 0: give 1 or more");
        await RefusedAsync(client, "/api/classify", new { text = Text, model = "topk:1", top_k = probabilities.Count + 1 }, HttpStatusCode.BadRequest,
            $"top_k is {probabilities.Count + 1}, but the model has {probabilities.Count} labels.");
        await RefusedAsync(client, "/api/classify", new { text = Text, model = "no-such-model" }, HttpStatusCode.BadRequest, "There is no model named no-such-model.");
    }

    [Fact]
    public async Task A_batch_answers_in_input_order_with_one_model_and_errors_only_for_the_bad_articles()
    {
        using var client = await fixture.App.ClientAsync(AppRoles.Viewer);
        var tooLong = new string('x', 100_001); // Inference:MaxTextCharacters is 100,000
        var articles = new object[]
        {
            new { title = "Cup final", text = Texts[0] },
            new { title = "", text = "   " },
            new { text = Texts[1] },
            new { text = tooLong },
            new { title = "Chips", text = Texts[2] },
            new { text = Texts[3] },
        };
        var response = await client.PostAsJsonAsync("/api/classify/batch", new { articles, runId = fixture.OlderRunId, top_k = 2 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"run {fixture.OlderRunId}", batch.GetProperty("model").GetString());
        Assert.Equal(fixture.OlderRunId, batch.GetProperty("runId").GetInt32());
        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(articles.Length, results.Count);

        Assert.Equal("Give a title or a text to classify.", results[1].GetProperty("error").GetString());
        Assert.False(results[1].TryGetProperty("label", out _)); // an error item is only its error
        Assert.Contains("at most 100,000 are classified (Inference:MaxTextCharacters)", results[3].GetProperty("error").GetString());

        // Each good article answers as it does alone (same label, same scores), in its input position.
        var good = new[] { (0, "Cup final", Texts[0]), (2, "", Texts[1]), (4, "Chips", Texts[2]), (5, "", Texts[3]) };
        foreach (var (index, title, text) in good)
        {
            var alone = await ClassifyAsync(client, new { title, text, runId = fixture.OlderRunId, top_k = 2 });
            var item = results[index];
            Assert.False(item.TryGetProperty("error", out _));
            Assert.Equal(alone.GetProperty("label").GetString(), item.GetProperty("label").GetString());
            Assert.Equal(alone.GetProperty("tokens").GetInt32(), item.GetProperty("tokens").GetInt32());
            var expected = alone.GetProperty("top").EnumerateArray().ToList();
            var actual = item.GetProperty("top").EnumerateArray().ToList();
            Assert.Equal(2, actual.Count);
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal(expected[k].GetProperty("label").GetString(), actual[k].GetProperty("label").GetString());
                Assert.Equal(expected[k].GetProperty("score").GetSingle(), actual[k].GetProperty("score").GetSingle(), 4);
            }
        }
    }

    [Fact]
    public async Task Oversized_batches_and_bodies_are_refused_with_the_limit_named()
    {
        using var client = await fixture.App.ClientAsync(AppRoles.Viewer);
        var many = Enumerable.Range(0, 257).Select(i => new { text = $"article {i}" }).ToArray();
        await RefusedAsync(client, "/api/classify/batch", new { articles = many }, HttpStatusCode.RequestEntityTooLarge,
            "257 articles in one request; at most 256 are accepted (Inference:MaxBatchArticles)");
        await RefusedAsync(client, "/api/classify/batch", new { articles = Array.Empty<object>() }, HttpStatusCode.BadRequest, "Give `articles`: a list of 1 to 256 articles.");
        await RefusedAsync(client, "/api/classify/batch", new { model = "x" }, HttpStatusCode.BadRequest, "Give `articles`");
        await RefusedAsync(client, "/api/classify/batch", new { articles = new[] { new { text = Text } }, top_k = -1 }, HttpStatusCode.BadRequest, "top_k is -1");
        await RefusedAsync(client, "/api/models/nothing/predict", new { inputs = many.Select(m => m.text).ToArray() }, HttpStatusCode.RequestEntityTooLarge,
            "(Inference:MaxBatchArticles)");

        // A text past the request body limit (Requests:MaxBodyBytes, 1 MB) is refused before it is read whole.
        var huge = await client.PostAsJsonAsync("/api/classify", new { text = new string('a', 1_100_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("1,048,576", await huge.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_hugging_face_shape_answers_label_scores_for_a_text_or_a_list_of_them()
    {
        using var client = await fixture.App.ClientAsync(AppRoles.Scientist);
        await RegisterAsync(client, "hf", fixture.OlderRunId);
        await RegisterAsync(client, "hf", fixture.NewerRunId);

        // No production alias yet: the newest version answers (run NewerRunId).
        var newest = await ClassifyAsync(client, new { text = Texts[0], runId = fixture.NewerRunId });
        var one = await PredictAsync(client, "hf", new { inputs = Texts[0] });
        Assert.Equal(JsonValueKind.Array, one.ValueKind);
        var labels = one.EnumerateArray().ToList();
        Assert.Equal(newest.GetProperty("top").GetArrayLength(), labels.Count);
        Assert.Equal(newest.GetProperty("label").GetString(), labels[0].GetProperty("label").GetString());
        Assert.Equal(newest.GetProperty("top")[0].GetProperty("score").GetSingle(), labels[0].GetProperty("score").GetSingle(), 4);

        // Production set to version 1: it answers now; a list input gives a list per text; top_k limits each.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/models/hf/aliases/production", new { version = 1, reason = "hf test" })).StatusCode);
        var list = await PredictAsync(client, "hf", new { inputs = Texts, parameters = new { top_k = 2 } });
        Assert.Equal(Texts.Length, list.GetArrayLength());
        for (int i = 0; i < Texts.Length; i++)
        {
            var alone = await ClassifyAsync(client, new { text = Texts[i], runId = fixture.OlderRunId });
            var answer = list[i].EnumerateArray().ToList();
            Assert.Equal(2, answer.Count);
            Assert.Equal(alone.GetProperty("label").GetString(), answer[0].GetProperty("label").GetString());
            Assert.True(answer[0].GetProperty("score").GetSingle() >= answer[1].GetProperty("score").GetSingle());
        }
        var pinned = await PredictAsync(client, "hf:2", new { inputs = Texts[0], parameters = new { top_k = 1 } });
        Assert.Equal(newest.GetProperty("label").GetString(), pinned.EnumerateArray().Single().GetProperty("label").GetString());

        await RefusedAsync(client, "/api/models/no-such/predict", new { inputs = Text }, HttpStatusCode.NotFound, "There is no model named no-such.");
        await RefusedAsync(client, "/api/models/hf/predict", new { inputs = 42 }, HttpStatusCode.BadRequest, "Give `inputs` as a text or a list of texts.");
        await RefusedAsync(client, "/api/models/hf/predict", new { inputs = new[] { "fine", "  " } }, HttpStatusCode.BadRequest, "inputs[1]: Give a title or a text");
        await RefusedAsync(client, "/api/models/hf/predict", new { inputs = Text, parameters = new { top_k = 0 } }, HttpStatusCode.BadRequest, "parameters.top_k is 0");
    }

    private static async Task RegisterAsync(HttpClient client, string name, int runId) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/models", new { runId, name })).StatusCode);

    private static async Task<JsonElement> ClassifyAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/classify", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> PredictAsync(HttpClient client, string name, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{name}/predict", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The status, a ProblemDetails body, and the reason in it.</summary>
    private static async Task RefusedAsync(HttpClient client, string path, object body, HttpStatusCode status, string reason)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, string.Join("\n", Strings(JsonSerializer.Deserialize<JsonElement>(text))));
    }

    /// <summary>Every string in a JSON document, decoded (the serializer escapes characters such as the backtick).</summary>
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
