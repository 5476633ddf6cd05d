using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsClassifier.Application.Imports;

/// <summary>How import specs and reports are stored in the import's row.</summary>
internal static class ImportJsonOptions
{
    public static readonly JsonSerializerOptions Value = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
