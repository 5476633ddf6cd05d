namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// A custom-transformer model folder: <c>config.json</c> (<see cref="CheckpointManifest"/>), <c>vocab.json</c>
/// (vectoriser) and <c>weights.dat</c> (TorchSharp's own state-dict format), each written atomically.
/// </summary>
public static class ModelCheckpoint
{
    public const string ConfigFile = RunManifest.ConfigFile;
    public const string VocabularyFile = "vocab.json";
    public const string WeightsFile = "weights.dat";

    public static void Save(string directory, CustomTransformerClassifier model, TextVectorizer vectorizer, CheckpointManifest manifest)
    {
        if (manifest.Model != model.Config)
            throw new ArgumentException("The manifest's model config differs from the model's.", nameof(manifest));
        if (manifest.LabelNames.Count != model.Config.NumClasses)
            throw new ArgumentException($"{manifest.LabelNames.Count} label names for {model.Config.NumClasses} classes.", nameof(manifest));
        Directory.CreateDirectory(directory);

        AtomicFile.Write(Path.Combine(directory, WeightsFile), tmp => model.save(tmp));
        AtomicFile.Write(Path.Combine(directory, VocabularyFile), vectorizer.Save);
        AtomicFile.WriteText(Path.Combine(directory, ConfigFile), RunManifest.ToJson(manifest));
    }

    public static CheckpointManifest ReadManifest(string directory) =>
        RunManifest.Read<CheckpointManifest>(directory, CheckpointManifest.CurrentFormat);

    public static LoadedCheckpoint Load(string directory)
    {
        var manifest = ReadManifest(directory);
        var vectorizer = TextVectorizer.Load(Path.Combine(directory, VocabularyFile));
        if (vectorizer.VocabularySize != manifest.Model.VocabSize)
            throw new InvalidDataException($"vocab.json has {vectorizer.VocabularySize} entries but the model expects {manifest.Model.VocabSize}.");
        var model = new CustomTransformerClassifier(manifest.Model);
        try
        {
            model.load(Path.Combine(directory, WeightsFile), strict: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new LoadedCheckpoint(model, vectorizer, manifest);
    }
}
