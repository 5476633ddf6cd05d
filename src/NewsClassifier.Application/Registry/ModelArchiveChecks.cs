using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Registry;

/// <summary>
/// What an imported model archive must satisfy before any of it is moved into place, beyond its files' hashes: a
/// model card with every field the run row needs, and a model folder whose <c>label_names</c> are usable (two or
/// more, none blank, no two alike ignoring case: suggestions match labels by name that way) and match the classes
/// the model really outputs (it is loaded once and asked for one prediction). Each refusal says what is wrong.
/// </summary>
internal static class ModelArchiveChecks
{
    public static void CheckCard(ModelCard card)
    {
        static RegistryException Missing(string field) => new($"{ModelCard.FileName} has no {field}.");
        if (string.IsNullOrWhiteSpace(card.Name)) throw Missing("name");
        if (string.IsNullOrWhiteSpace(card.Recipe)) throw Missing("recipe");
        if (!RecipeCatalog.IsKnown(card.Recipe)) throw new RegistryException($"{ModelCard.FileName} names the recipe '{card.Recipe}', which this app does not know.");
        if (card.Parameters is null) throw Missing("parameters");
        if (card.Parameters.Any(p => p.Value is null)) throw new RegistryException($"{ModelCard.FileName} has a parameter without a value.");
        if (card.Dataset is null) throw Missing("dataset");
        if (string.IsNullOrWhiteSpace(card.Dataset.Name)) throw Missing("dataset name");
        if (card.Dataset.TrainArticles < 0 || card.Dataset.ValidationArticles < 0) throw new RegistryException($"{ModelCard.FileName} has a negative article count.");
        if (card.Files is null) throw Missing("files");
        if (card.Files.Any(f => f is null || string.IsNullOrWhiteSpace(f.Name) || string.IsNullOrWhiteSpace(f.Sha256)))
            throw new RegistryException($"{ModelCard.FileName} lists a file without a name or a SHA-256.");
        if (card.Files.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RegistryException($"{ModelCard.FileName} lists {twice.Key} twice.");
    }

    /// <summary>The label names of the model folder's config.json, checked, and checked against the model's classes.</summary>
    public static void CheckModel(string folder)
    {
        var labels = LabelNames(folder);
        if (labels.Count < 2) throw new RegistryException($"{RunManifest.ConfigFile}: label_names has {labels.Count} name(s); a classifier has at least 2.");
        if (labels.Any(string.IsNullOrWhiteSpace)) throw new RegistryException($"{RunManifest.ConfigFile}: label_names has a blank name.");
        if (labels.GroupBy(l => l.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RegistryException($"{RunManifest.ConfigFile}: label_names has '{twice.Key}' twice.");

        // A custom transformer's predictor reads as many outputs as there are names, so its config's class count (which
        // the strict weight load below holds the weights to) is what the names must match; other families answer with
        // every class the model has (BERT's head is even built from the names, so its weights must fit them to load).
        if (RecipeCatalog.ModelFormat(folder) == CheckpointManifest.CurrentFormat)
        {
            int declared = ModelCheckpoint.ReadManifest(folder).Model.NumClasses;
            if (declared != labels.Count)
                throw new RegistryException($"{RunManifest.ConfigFile}: label_names has {labels.Count} names but the model outputs {declared} classes.");
        }
        int classes;
        try
        {
            using var model = RecipeCatalog.Load(folder);
            classes = model.Predict("model archive check").Probabilities.Length;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new RegistryException($"The model in the archive cannot be loaded: {e.Message}");
        }
        if (classes != labels.Count)
            throw new RegistryException($"{RunManifest.ConfigFile}: label_names has {labels.Count} names but the model outputs {classes} classes.");
    }

    private static List<string> LabelNames(string folder)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, RunManifest.ConfigFile)));
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("label_names", out var names) || names.ValueKind != JsonValueKind.Array)
                throw new RegistryException($"{RunManifest.ConfigFile} has no label_names list.");
            return names.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String ? n.GetString()! : "").ToList();
        }
        catch (JsonException e)
        {
            throw new RegistryException($"{RunManifest.ConfigFile} is not valid JSON: {e.Message}");
        }
    }
}
