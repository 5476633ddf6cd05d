using System.Text.Json.Serialization;

namespace NewsClassifier.Application;

/// <summary>How JSON stored in a row is written and read (run parameters and evaluations, import specs and reports,
/// schedule parameters): web casing, enums as names, one set of options everywhere.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
