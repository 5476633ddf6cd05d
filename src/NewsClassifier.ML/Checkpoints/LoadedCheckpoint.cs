namespace NewsClassifier.ML.Checkpoints;

public sealed record LoadedCheckpoint(CustomTransformerClassifier Model, TextVectorizer Vectorizer, CheckpointManifest Manifest) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
