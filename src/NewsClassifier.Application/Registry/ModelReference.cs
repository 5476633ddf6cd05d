using System.Globalization;
using NewsClassifier.Domain.Registry;

namespace NewsClassifier.Application.Registry;

/// <summary>A parsed model reference: <c>name</c> (= <c>name@production</c>), <c>name@alias</c> or <c>name:version</c>.</summary>
public sealed record ModelReference(string Name, string? Alias, int? Version)
{
    public static ModelReference Parse(string reference)
    {
        var text = reference?.Trim() ?? "";
        if (text.Length == 0) throw new RegistryException("Give a model as name, name@alias or name:version.");
        int at = text.LastIndexOf('@'), colon = text.LastIndexOf(':');
        if (at > 0 && at > colon)
        {
            var alias = text[(at + 1)..].Trim().ToLowerInvariant();
            if (alias.Length == 0) throw new RegistryException($"'{text}' names no alias after '@'.");
            return new ModelReference(text[..at].Trim(), alias, null);
        }
        if (colon > 0)
        {
            var version = text[(colon + 1)..].Trim();
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1)
                throw new RegistryException($"'{version}' is not a version number (1, 2, ...) in '{text}'.");
            return new ModelReference(text[..colon].Trim(), null, v);
        }
        if (at == 0 || colon == 0) throw new RegistryException($"'{text}' names no model before '{text[0]}'.");
        return new ModelReference(text, ModelAlias.Production, null);
    }
}
