using System.Globalization;

namespace NewsClassifier.ML.Training;

/// <summary>
/// Builds the <see cref="ParameterSpec{T}"/>s of a family (<c>using static ParameterSpecs&lt;TheirParameters&gt;</c>) and applies string overrides to its defaults, so all
/// recipes accept values and word their errors alike ("key: 'x' is not an integer (allowed: 1..3).").
/// </summary>
public static class ParameterSpecs<T> where T : class
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// <paramref name="defaults"/> with every override applied, or every error: an unknown key (worded by
    /// <paramref name="unknownKey"/>) or a value the key refuses. Keys match ignoring case and surrounding spaces.
    /// </summary>
    public static (T? Value, List<string> Errors) Apply(T defaults, IReadOnlyList<ParameterSpec<T>> specs,
        IEnumerable<KeyValuePair<string, string>>? overrides, Func<string, string> unknownKey)
    {
        var value = defaults;
        var errors = new List<string>();
        var byKey = specs.ToDictionary(s => s.Key, StringComparer.OrdinalIgnoreCase);
        foreach (var (rawKey, rawValue) in overrides ?? [])
        {
            var key = rawKey.Trim();
            if (!byKey.TryGetValue(key, out var spec))
            {
                errors.Add(unknownKey(key));
                continue;
            }
            var (next, error) = spec.Apply(value, (rawValue ?? "").Trim());
            if (error is not null) errors.Add($"{spec.Key}: {error}");
            else value = next!;
        }
        return errors.Count == 0 ? (value, errors) : (null, errors);
    }

    /// <summary>The full, effective parameter set of <paramref name="value"/> as strings (stored with runs and checkpoints).</summary>
    public static IReadOnlyDictionary<string, string> ToStrings(IReadOnlyList<ParameterSpec<T>> specs, T value) =>
        specs.ToDictionary(s => s.Key, s => s.Read(value));

    public static ParameterSpec<T> Int(string key, string description, int min, int max, Func<T, int> read, Func<T, int, T> apply)
    {
        (int Value, string? Error) parse(string s) =>
            !int.TryParse(s, NumberStyles.Integer, C, out var v) ? (0, $"'{s}' is not an integer (allowed: {min}..{max}).")
            : v < min || v > max ? (0, $"{v} is out of range (allowed: {min}..{max}).")
            : (v, null);
        return new(key, description, $"integer {min}..{max}", p => read(p).ToString(C), (p, s) => Applied(p, parse(s), apply))
        {
            Kind = ParameterKind.Integer, Min = min, Max = max, Check = s => parse(s).Error,
        };
    }

    public static ParameterSpec<T> Real(string key, string description, double min, double max, Func<T, double> read, Func<T, double, T> apply)
    {
        (double Value, string? Error) parse(string s) =>
            !double.TryParse(s, NumberStyles.Float, C, out var v) || !double.IsFinite(v) ? (0, $"'{s}' is not a number (allowed: {min.ToString(C)}..{max.ToString(C)}).")
            : v < min || v > max ? (0, $"{v.ToString(C)} is out of range (allowed: {min.ToString(C)}..{max.ToString(C)}).")
            : (v, null);
        return new(key, description, $"number {min.ToString(C)}..{max.ToString(C)}", p => read(p).ToString("R", C), (p, s) => Applied(p, parse(s), apply))
        {
            Kind = ParameterKind.Number, Min = min, Max = max, Check = s => parse(s).Error,
        };
    }

    public static ParameterSpec<T> Bool(string key, string description, Func<T, bool> read, Func<T, bool, T> apply)
    {
        static (bool Value, string? Error) parse(string s) => s.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => (true, null),
            "false" or "0" or "no" => (false, null),
            _ => (false, $"'{s}' is not a boolean (allowed: true|false)."),
        };
        return new(key, description, "true|false", p => read(p) ? "true" : "false", (p, s) => Applied(p, parse(s), apply))
        {
            Kind = ParameterKind.Boolean, Check = s => parse(s).Error,
        };
    }

    /// <summary>
    /// One of <paramref name="values"/>, shown by name; a value is accepted when exactly one entry <paramref name="matches"/> it
    /// (by default: its name, ignoring case).
    /// </summary>
    public static ParameterSpec<T> Choice<TEnum>(string key, string description, (string Name, TEnum Value)[] values, Func<T, TEnum> read,
        Func<T, TEnum, T> apply, Func<string, (string Name, TEnum Value), bool>? matches = null) where TEnum : struct, Enum
    {
        matches ??= (s, v) => v.Name.Equals(s, StringComparison.OrdinalIgnoreCase);
        string allowed = string.Join("|", values.Select(v => v.Name));
        (TEnum Value, string? Error) parse(string s)
        {
            var match = values.Where(v => matches(s, v)).ToArray();
            return match.Length == 1 ? (match[0].Value, null) : (default, $"'{s}' is not allowed (allowed: {allowed}).");
        }
        return new(key, description, allowed, p => values.First(v => v.Value.Equals(read(p))).Name, (p, s) => Applied(p, parse(s), apply))
        {
            Kind = ParameterKind.Choice, Choices = values.Select(v => v.Name).ToArray(), Check = s => parse(s).Error,
        };
    }

    private static (T? Value, string? Error) Applied<TValue>(T p, (TValue Value, string? Error) parsed, Func<T, TValue, T> apply) =>
        parsed.Error is null ? (apply(p, parsed.Value), null) : (null, parsed.Error);
}
