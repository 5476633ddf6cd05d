using NewsClassifier.ML.Tests.Training.Bert;
using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.ML.Tests.Inference;

/// <summary>A tiny pretrained BERT folder and a frozen-recipe run folder saved from it (4 classes, 16 tokens, seed 4),
/// for tests that load a trained BERT predictor; both folders are deleted on dispose.</summary>
internal sealed class TinyBertRunFolder : IDisposable
{
    public TinyBertRunFolder()
    {
        TestData.InitTorch();
        var folder = BertFolder.Open(Pretrained);
        var (model, _) = folder.LoadForSequenceClassification(4, seed: 4);
        using (model)
            BertRunCheckpoint.Save(Model, model, folder, new BertRunManifest
            {
                Recipe = BertRecipes.Frozen, HyperParameters = new Dictionary<string, string>(), LabelNames = TestData.LabelNames, MaxLength = 16,
            });
    }

    public string Pretrained { get; } = TinyBert.CreateFolder();

    public string Model { get; } = TestData.TempDirectory();

    public void Dispose()
    {
        Directory.Delete(Pretrained, recursive: true);
        Directory.Delete(Model, recursive: true);
    }
}
