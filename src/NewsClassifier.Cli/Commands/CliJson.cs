using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsClassifier.Cli.Commands;

/// <summary>The shape of --json output: camelCase (snake_case for training results), enums as strings, indented, non-ASCII kept readable.</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Run, evaluation and model results use snake_case keys (run_id, macro_f1, output_shape), the names the
    /// training issue gives scripts; dictionary keys (class names) are kept as they are.</summary>
    public static readonly JsonSerializerOptions SnakeCaseOptions = new(Options) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static string SerializeSnakeCase<T>(T value) => JsonSerializer.Serialize(value, SnakeCaseOptions);
}
