using NewsClassifier.ML.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>The <c>--recipe</c> and repeatable <c>--set key=value</c> options shared by <c>train</c> and <c>summary</c>.</summary>
internal static class ParameterOptions
{
    public static Option<string> Recipe() => new("--recipe", "-r")
    {
        Description = $"The recipe whose defaults the parameters start from: {string.Join(", ", RecipeCatalog.Names)}.",
        Required = true,
    };

    public static Option<string[]> Set() => new("--set", "-s")
    {
        Description = "Override a hyper-parameter, key=value (repeatable). Keys: " +
                      string.Join("; ", RecipeCatalog.Families.Select(f => $"{string.Join(", ", f.Parameters.Select(p => p.Key))} ({string.Join(", ", f.RecipeNames)})")) +
                      " (the BERT recipes require pretrained=<BERT folder>).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Splits the <c>--set</c> values; an entry without <c>=</c> is an error, reported with the others.</summary>
    public static (List<KeyValuePair<string, string>> Pairs, List<string> Errors) Split(IEnumerable<string>? sets)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var errors = new List<string>();
        foreach (var set in sets ?? [])
        {
            int eq = set.IndexOf('=');
            if (eq <= 0) errors.Add($"--set '{set}' is not key=value.");
            else pairs.Add(new(set[..eq].Trim(), set[(eq + 1)..].Trim()));
        }
        return (pairs, errors);
    }

    /// <summary>Typed parameters, or every problem: malformed entries, unknown keys, values out of range, unknown recipe.</summary>
    public static RecipeParseResult Parse(string recipe, IEnumerable<string>? sets)
    {
        var (pairs, errors) = Split(sets);
        var parsed = RecipeCatalog.Parse(recipe, pairs);
        return errors.Count == 0 ? parsed : new RecipeParseResult(null, [.. errors, .. parsed.Errors]);
    }
}
