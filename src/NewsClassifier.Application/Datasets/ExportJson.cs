using System.Text.Json.Serialization;

namespace NewsClassifier.Application.Datasets;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ExportedArticle))]
internal sealed partial class ExportJson : JsonSerializerContext;
