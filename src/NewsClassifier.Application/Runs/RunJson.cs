using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsClassifier.Application.Runs;

/// <summary>How parameters, evaluations and parameter tables are stored in a run's row.</summary>
public static class RunJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
