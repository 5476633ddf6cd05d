using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.ML.Checkpoints;

public sealed record LoadedBertRun(BertForSequenceClassification Model, BertTextTokenizer Tokenizer, BertRunManifest Manifest) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
