using NewsClassifier.ML.Models.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Models.Bert;

public sealed class BertFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bert-folder-").FullName;

    public BertFolderTests() => TestData.InitTorch();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Special tokens, then the words of <see cref="TestData.Articles"/>: enough WordPiece vocabulary for tiny training tests.</summary>
    internal static string[] Vocabulary { get; } =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",",
        "president", "election", "minister", "war", "treaty", "match", "goal", "coach", "league", "season",
        "shares", "profit", "market", "bank", "earnings", "software", "internet", "chip", "space", "research",
        "the", "a", "on", "in", "new", "said", "today", "after", "report", "big",
    ];

    internal static BertConfig TinyConfig => BertModelTests.Tiny with { VocabSize = Vocabulary.Length + 3 };

    [Fact]
    public void Created_folder_opens_tokenizes_and_loads_with_identical_outputs()
    {
        using var body = new BertModel(TinyConfig, seed: 1);
        var folder = BertFolder.Create(_dir, body, Vocabulary);

        Assert.Equal(TinyConfig, folder.Config);
        Assert.Equal("safetensors", folder.WeightsFormat);
        var tokenizer = folder.CreateTokenizer();
        var encoding = tokenizer.Encode(["The president said."], maxLength: 16);
        Assert.Equal([2, 27, 7, 32, 5, 3], encoding.InputIds[0]);

        var (model, report) = folder.LoadForSequenceClassification(4, seed: 2);
        using (model)
        {
            Assert.Equal(["classifier.bias", "classifier.weight"], report.NewlyInitialised.Order());
            body.eval();
            model.eval();
            using var scope = NewDisposeScope();
            var ids = tensor(encoding.InputIds[0], [1, 6]);
            using var expected = body.Forward(ids, ones_like(ids));
            using var actual = model.Bert.Forward(ids, ones_like(ids));
            Assert.Equal(0, (expected.PooledOutput - actual.PooledOutput).abs().max().item<float>());
        }
    }

    [Fact]
    public void Missing_files_and_a_vocabulary_larger_than_the_model_are_named()
    {
        using var body = new BertModel(TinyConfig, seed: 1);
        BertFolder.Create(_dir, body, Vocabulary);

        File.Move(Path.Combine(_dir, "model.safetensors"), Path.Combine(_dir, "weights.bak"));
        Assert.Contains("neither model.safetensors nor pytorch_model.bin", Assert.Throws<FileNotFoundException>(() => BertFolder.Open(_dir)).Message);
        File.Move(Path.Combine(_dir, "weights.bak"), Path.Combine(_dir, "model.safetensors"));

        File.WriteAllLines(Path.Combine(_dir, "vocab.txt"), Vocabulary.Concat(Enumerable.Range(0, 10).Select(i => $"extra{i}")));
        var error = Assert.Throws<InvalidDataException>(() => BertFolder.Open(_dir).CreateTokenizer());
        Assert.Contains("vocab_size", error.Message);

        File.Delete(Path.Combine(_dir, "vocab.txt"));
        Assert.Contains("vocab.txt", Assert.Throws<FileNotFoundException>(() => BertFolder.Open(_dir)).Message);
    }
}
