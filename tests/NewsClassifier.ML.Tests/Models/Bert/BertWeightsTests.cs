using NewsClassifier.ML.Models.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Models.Bert;

public sealed class BertWeightsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bert-weights-").FullName;
    private static BertConfig Tiny => BertModelTests.Tiny;

    public BertWeightsTests() => TestData.InitTorch();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tensor Ids() => tensor(new long[] { 2, 5, 6, 7, 3, 2, 8, 3, 0, 0 }, [2, 5]);
    private static Tensor Mask() => tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 5]);

    private static Tensor Logits(BertForSequenceClassification model)
    {
        model.eval();
        using var _ = no_grad();
        return model.forward(Ids(), Mask());
    }

    [Fact]
    public void Safetensors_round_trip_gives_identical_outputs()
    {
        using var trained = new BertForSequenceClassification(Tiny, 4, seed: 1);
        var path = Path.Combine(_dir, "model.safetensors");
        BertWeights.SaveSafeTensors(trained, path);

        using var fresh = new BertForSequenceClassification(Tiny, 4, seed: 2);
        Assert.False(Logits(trained).allclose(Logits(fresh)));
        var report = BertWeights.LoadFile(fresh, path);

        Assert.Equal(trained.state_dict().Count, report.Loaded.Count);
        Assert.Empty(report.NewlyInitialised);
        Assert.Equal(0, (Logits(trained) - Logits(fresh)).abs().max().item<float>());
    }

    [Fact]
    public void Pytorch_bin_with_position_ids_buffer_loads_with_identical_outputs()
    {
        using var trained = new BertForSequenceClassification(Tiny, 4, seed: 11);
        var state = trained.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        using var positionIds = arange(Tiny.MaxPositionEmbeddings, dtype: ScalarType.Int64).unsqueeze(0);
        state["bert.embeddings.position_ids"] = positionIds;
        var path = Path.Combine(_dir, "pytorch_model.bin");
        NewsClassifier.TestSupport.TorchSaveWriter.Write(path, state);

        using var fresh = new BertForSequenceClassification(Tiny, 4, seed: 12);
        var report = BertWeights.LoadFile(fresh, path);

        Assert.Contains("bert.embeddings.position_ids", report.Ignored);
        Assert.Equal(0, (Logits(trained) - Logits(fresh)).abs().max().item<float>());
    }

    [Fact]
    public void Pretraining_checkpoint_with_prefix_and_heads_loads_the_body_and_initialises_the_classifier()
    {
        using var source = new BertModel(Tiny, seed: 3);
        var checkpoint = source.state_dict().ToDictionary(kv => "bert." + kv.Key, kv => kv.Value);
        using var mlmBias = zeros(Tiny.VocabSize);
        checkpoint["cls.predictions.bias"] = mlmBias;

        using var model = new BertForSequenceClassification(Tiny, 4, seed: 4);
        var report = BertWeights.Load(model, checkpoint, "test");

        Assert.Equal(["classifier.bias", "classifier.weight"], report.NewlyInitialised.Order());
        Assert.Contains("cls.predictions.bias", report.Ignored);
        Assert.Equal(0, (model.Bert.state_dict()["pooler.dense.weight"] - source.state_dict()["pooler.dense.weight"]).abs().max().item<float>());
    }

    [Fact]
    public void Bert_model_checkpoint_without_prefix_and_with_legacy_layer_norm_names_loads()
    {
        using var source = new BertModel(Tiny, seed: 5);
        var checkpoint = source.state_dict().ToDictionary(
            kv => kv.Key.Replace("LayerNorm.weight", "LayerNorm.gamma").Replace("LayerNorm.bias", "LayerNorm.beta"), kv => kv.Value);
        using var target = new BertModel(Tiny, seed: 6);
        BertWeights.Load(target, checkpoint, "test");

        target.eval();
        source.eval();
        using var scope = NewDisposeScope();
        using var a = source.Forward(Ids(), Mask());
        using var b = target.Forward(Ids(), Mask());
        Assert.Equal(0, (a.PooledOutput - b.PooledOutput).abs().max().item<float>());
    }

    [Fact]
    public void Classifier_with_another_label_count_is_ignored_not_loaded()
    {
        using var other = new BertForSequenceClassification(Tiny, 2, seed: 7);
        using var model = new BertForSequenceClassification(Tiny, 4, seed: 8);
        var report = BertWeights.Load(model, other.state_dict(), "test");
        Assert.Contains("classifier.weight", report.Ignored);
        Assert.Contains("classifier.weight", report.NewlyInitialised);
    }

    [Fact]
    public void Mismatches_are_all_listed_and_nothing_is_changed()
    {
        using var source = new BertModel(Tiny with { IntermediateSize = 40 }, seed: 9);
        var checkpoint = source.state_dict()
            .Where(kv => kv.Key != "pooler.dense.bias")
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        using var extra = zeros(3);
        checkpoint["encoder.layer.9.attention.self.query.weight"] = extra;

        using var target = new BertModel(Tiny, seed: 10);
        var before = target.state_dict()["embeddings.word_embeddings.weight"].clone();
        var error = Assert.Throws<InvalidDataException>(() => BertWeights.Load(target, checkpoint, "ckpt.safetensors"));

        Assert.Contains("ckpt.safetensors", error.Message);
        Assert.Contains("Missing keys (1): pooler.dense.bias", error.Message);
        Assert.Contains("Unexpected keys (1): encoder.layer.9.attention.self.query.weight", error.Message);
        Assert.Contains("encoder.layer.0.intermediate.dense.weight: checkpoint [40, 32], model [37, 32]", error.Message);
        Assert.Equal(0, (before - target.state_dict()["embeddings.word_embeddings.weight"]).abs().max().item<float>());
    }
}
