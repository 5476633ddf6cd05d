using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Registry;
using NewsClassifier.ML.Inference;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>
/// Classification for machines: one article (<c>POST /api/classify</c>), many in one forward pass
/// (<c>POST /api/classify/batch</c>), and the Hugging Face inference shape (<c>POST /api/models/{name}/predict</c>) so
/// existing HF clients work. Every answer names the model that gave it (<c>name:version</c>, or <c>run N</c> when a run
/// answered by itself). Refusals are ProblemDetails with the reason: 400 for a wrong request, 413 for too many articles
/// (the body limit answers 413 for too many bytes), 404 for an unknown model in the path, 503 when the classifier is busy.
/// </summary>
public static class ClassifyApi
{
    /// <summary><c>Model</c>: a registry reference (<c>name</c>, <c>name@alias</c>, <c>name:version</c>); with neither it nor
    /// <c>RunId</c>, the production model answers. <c>top_k</c>: how many labels <c>top</c> lists (1 to the model's labels;
    /// default all).</summary>
    public sealed record ClassifyRequest(string? Title, string? Text, int? RunId, string? Model = null,
        [property: JsonPropertyName("top_k")] int? TopK = null);

    /// <summary>A label and its probability.</summary>
    public sealed record LabelScore(string Label, float Score);

    /// <summary><c>Model</c>: <c>name:version</c> of the registered model that answered, or <c>run N</c>; <c>Alias</c>: the alias
    /// it was reached through (<c>production</c> by default), if any. <c>Top</c>: the labels by falling score (top_k of them);
    /// <c>Probabilities</c>: every label. <c>Truncated</c>: the text was longer than the model reads (or than
    /// <c>Inference:MaxTextCharacters</c>) and was cut.</summary>
    public sealed record ClassifyResponse(int RunId, string Label, Dictionary<string, float> Probabilities, List<LabelScore> Top, int Tokens,
        bool Truncated, string Model, string? Alias);

    public sealed record BatchArticle(string? Title, string? Text);

    /// <summary>Up to <c>Inference:MaxBatchArticles</c> articles (default 256), classified with one model in one batched
    /// forward pass; <c>Model</c>/<c>RunId</c>/<c>top_k</c> as for one article.</summary>
    public sealed record BatchRequest(List<BatchArticle?>? Articles, string? Model = null, int? RunId = null,
        [property: JsonPropertyName("top_k")] int? TopK = null);

    /// <summary>One article's answer, in input order: its label, top labels, tokens read and whether it was cut; or only
    /// <c>Error</c> when it could not be classified (empty, longer than <c>Inference:MaxTextCharacters</c>).</summary>
    public sealed record BatchResult(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<LabelScore>? Top,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Tokens,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Truncated,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

    public sealed record BatchResponse(string Model, string? Alias, int RunId, List<BatchResult> Results);

    /// <summary>Hugging Face's inference request: <c>inputs</c> is one text or a list of texts.</summary>
    public sealed record PredictRequest(JsonElement Inputs, PredictParameters? Parameters);

    /// <summary><c>top_k</c>: labels per text (default all, by falling score). Other HF parameters are ignored.</summary>
    public sealed record PredictParameters([property: JsonPropertyName("top_k")] int? TopK);

    public static WebApplication MapClassifyApi(this WebApplication app)
    {
        var classify = app.MapGroup("/api").WithTags("Classify");
        classify.MapPost("/classify", ClassifyAsync).WithName("Classify")
            .WithSummary("Classify one article")
            .WithDescription("The production model answers unless `model` (name, name@alias, name:version) or `runId` is given. " +
                             "`top_k` limits `top` to the k most likely labels; `probabilities` always has every label. " +
                             "Texts longer than Inference:MaxTextCharacters are cut (`truncated`).")
            .Refusals(StatusCodes.Status503ServiceUnavailable);
        classify.MapPost("/classify/batch", BatchAsync).WithName("ClassifyBatch")
            .WithSummary("Classify many articles with one model")
            .WithDescription("Up to Inference:MaxBatchArticles articles (default 256; more: 413) in one batched forward pass, answered " +
                             "in input order. An article that cannot be classified gets `error` instead of failing the batch.")
            .Refusals(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable);
        classify.MapPost("/models/{name}/predict", PredictAsync).WithName("PredictHuggingFace")
            .WithSummary("Classify in the Hugging Face inference shape")
            .WithDescription("`{\"inputs\": \"text\" | [\"text\", ...], \"parameters\": {\"top_k\": 2}}` -> `[{\"label\", \"score\"}]` for one text, " +
                             "a list of such lists for a list. `{name}` is a registered model: its production alias answers, else its newest " +
                             "version (or give name@alias / name:version). Texts are not cut: one longer than Inference:MaxTextCharacters is a 400.")
            .Refusals(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>Who may classify, the rate limit, and the error answers the document lists.</summary>
    private static RouteHandlerBuilder Refusals(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        endpoint.RequireApiWrite(Policies.Classify).RequireRateLimiting(RateLimitPolicies.Classify)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        foreach (var status in statuses) endpoint.ProducesProblem(status);
        return endpoint;
    }

    private static async Task<Results<Ok<ClassifyResponse>, ProblemHttpResult>> ClassifyAsync(
        ClassifyRequest request, ClassificationService classifier, HttpContext http, CancellationToken cancellationToken)
    {
        if (TopKRefusal(request.TopK) is { } badTopK) return badTopK;
        try
        {
            var result = await classifier.ClassifyAsync(request.Model, request.RunId, request.Title, request.Text, cancellationToken);
            var p = result.Prediction;
            if (TopKRefusal(request.TopK, p) is { } tooMany) return tooMany;
            var choice = new ModelChoice(result.Run, result.Model);
            return TypedResults.Ok(new ClassifyResponse(result.Run.Id, p.PredictedLabel,
                p.LabelNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => p.Probabilities[x.i]),
                Top(p, request.TopK), p.TokenCount, p.Truncated || result.InputTruncated, ModelName(choice), choice.Model?.Alias));
        }
        catch (Exception e) when (Refusal(e, http, "text") is { } refusal) { return refusal; }
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> BatchAsync(
        BatchRequest request, ClassificationService classifier, IOptions<InferenceOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        if (ArticlesRefusal(request.Articles?.Count ?? 0, options.Value, "articles") is { } refused) return refused;
        if (TopKRefusal(request.TopK) is { } badTopK) return badTopK;
        try
        {
            var articles = request.Articles!.Select(a => (a?.Title, a?.Text)).ToList();
            var batch = await classifier.ClassifyBatchAsync(request.Model, request.RunId, articles, cancellationToken);
            if (batch.Items.FirstOrDefault(i => i.Prediction is not null)?.Prediction is { } first && TopKRefusal(request.TopK, first) is { } tooMany)
                return tooMany;
            var results = batch.Items.Select(i => i.Prediction is { } p
                ? new BatchResult(p.PredictedLabel, Top(p, request.TopK), p.TokenCount, p.Truncated, null)
                : new BatchResult(null, null, null, null, i.Error)).ToList();
            return TypedResults.Ok(new BatchResponse(ModelName(batch.Choice), batch.Choice.Model?.Alias, batch.Choice.Run.Id, results));
        }
        catch (Exception e) when (Refusal(e, http, "articles") is { } refusal) { return refusal; }
    }

    private static async Task<Results<Ok<List<LabelScore>>, Ok<List<List<LabelScore>>>, ProblemHttpResult>> PredictAsync(
        string name, PredictRequest request, ClassificationService classifier, ModelRegistry registry, IOptions<InferenceOptions> options,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (texts, single) = Inputs(request.Inputs);
        if (texts is null) return Invalid("inputs", "Give `inputs` as a text or a list of texts.");
        if (texts.Count == 0) return Invalid("inputs", "`inputs` is an empty list: give at least one text.");
        if (!single && ArticlesRefusal(texts.Count, options.Value, "inputs") is { } refused) return refused;
        var topK = request.Parameters?.TopK;
        if (TopKRefusal(topK, name: "parameters.top_k") is { } badTopK) return badTopK;
        try
        {
            var reference = await HuggingFaceReferenceAsync(name, registry, cancellationToken);
            if (reference is null) return TypedResults.Problem($"There is no model named {name.Trim()}.", statusCode: StatusCodes.Status404NotFound);
            var batch = await classifier.ClassifyBatchAsync(reference, null, texts.Select(t => ((string?)null, (string?)t)).ToList(), cancellationToken);
            for (int i = 0; i < batch.Items.Count; i++)
                if (batch.Items[i].Error is { } error) return Invalid("inputs", single ? error : $"inputs[{i}]: {error}");
            if (TopKRefusal(topK, batch.Items[0].Prediction!, "parameters.top_k") is { } tooMany) return tooMany;
            var answers = batch.Items.Select(i => Top(i.Prediction!, topK)).ToList();
            return single ? TypedResults.Ok(answers[0]) : TypedResults.Ok(answers);
        }
        catch (Exception e) when (Refusal(e, http, "inputs") is { } refusal) { return refusal; }
    }

    /// <summary>A plain name is the model's production alias, else its newest version; a full reference (name@alias,
    /// name:version) is itself. Null: no such model.</summary>
    private static async Task<string?> HuggingFaceReferenceAsync(string name, ModelRegistry registry, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (trimmed.Contains('@') || trimmed.Contains(':')) return trimmed;
        if (await registry.GetAsync(trimmed, cancellationToken) is not { } model) return null;
        return model.Aliases.ContainsKey(Domain.Registry.ModelAlias.Production) || model.Versions.Count == 0
            ? $"{model.Model.Name}@{Domain.Registry.ModelAlias.Production}"
            : $"{model.Model.Name}:{model.Versions[0].Version.Version}";
    }

    /// <summary>The texts of HF's <c>inputs</c> and whether it was one text; null texts when it is neither a string nor
    /// a list of strings.</summary>
    private static (List<string>? Texts, bool Single) Inputs(JsonElement inputs)
    {
        if (inputs.ValueKind == JsonValueKind.String) return ([inputs.GetString()!], true);
        if (inputs.ValueKind != JsonValueKind.Array) return (null, false);
        var texts = new List<string>(inputs.GetArrayLength());
        foreach (var item in inputs.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return (null, false);
            texts.Add(item.GetString()!);
        }
        return (texts, false);
    }

    /// <summary>"news:3" for a registered model, "run 12" when a run answered by itself.</summary>
    private static string ModelName(ModelChoice choice) => choice.Model is { } model
        ? $"{model.ModelName}:{model.Version.Version}"
        : $"run {choice.Run.Id}";

    private static List<LabelScore> Top(Prediction p, int? topK) => p.LabelNames
        .Select((label, i) => new LabelScore(label, p.Probabilities[i]))
        .OrderByDescending(s => s.Score)
        .Take(topK ?? p.LabelNames.Count)
        .ToList();

    /// <summary>top_k below 1 is refused before anything runs; above the model's labels once the model is known.</summary>
    private static ProblemHttpResult? TopKRefusal(int? topK, Prediction? answered = null, string name = "top_k") => topK switch
    {
        < 1 => Invalid(name, $"{name} is {topK}: give 1 or more (at most the model's number of labels)."),
        { } k when answered is not null && k > answered.LabelNames.Count =>
            Invalid(name, $"{name} is {k}, but the model has {answered.LabelNames.Count} labels."),
        _ => null,
    };

    private static ProblemHttpResult? ArticlesRefusal(int count, InferenceOptions options, string name) => count switch
    {
        0 => TypedResults.Problem($"Give `{name}`: a list of 1 to {options.MaxBatchArticles} articles.", statusCode: StatusCodes.Status400BadRequest),
        _ when count > options.MaxBatchArticles => TypedResults.Problem(
            $"{count:N0} articles in one request; at most {options.MaxBatchArticles:N0} are accepted (Inference:MaxBatchArticles): split the batch.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many articles"),
        _ => null,
    };

    /// <summary>A 400 validation problem naming the field (the shape <c>TypedResults.ValidationProblem</c> writes), as a
    /// ProblemHttpResult so every refusal of these endpoints is one result type.</summary>
    private static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        });

    /// <summary>The answer for what the classifier refused (busy: 503 with Retry-After; a wrong request or model: 400);
    /// null for anything else, which stays a server error.</summary>
    private static ProblemHttpResult? Refusal(Exception e, HttpContext http, string field)
    {
        switch (e)
        {
            case ClassificationBusyException busy:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(busy.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            case ClassificationException:
                return Invalid(field, e.Message);
            case RegistryException:
                return Invalid("model", e.Message);
            default:
                return null;
        }
    }
}
