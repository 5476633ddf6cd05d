using NewsClassifier.ML.Models.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Models.Bert;

public class BertModelTests
{
    public BertModelTests() => TestData.InitTorch();

    /// <summary>Hugging Face BertModelTester-sized: 2 layers, hidden 32, 4 heads, intermediate 37.</summary>
    internal static BertConfig Tiny { get; } = new()
    {
        VocabSize = 99, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 37,
        MaxPositionEmbeddings = 64, TypeVocabSize = 2,
    };

    [Fact]
    public void State_dict_keys_are_the_hugging_face_names()
    {
        using var model = new BertModel(Tiny);
        var expected = new List<string>
        {
            "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
            "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
        };
        for (int i = 0; i < Tiny.NumHiddenLayers; i++)
        {
            foreach (var suffix in new[]
                     {
                         "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                         "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm",
                     })
            {
                expected.Add($"encoder.layer.{i}.{suffix}.weight");
                expected.Add($"encoder.layer.{i}.{suffix}.bias");
            }
        }
        expected.AddRange(["pooler.dense.weight", "pooler.dense.bias"]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), model.state_dict().Keys.Order(StringComparer.Ordinal));

        using var classifier = new BertForSequenceClassification(Tiny, numLabels: 4);
        Assert.Equal(expected.Select(k => "bert." + k).Append("classifier.weight").Append("classifier.bias").Order(StringComparer.Ordinal),
            classifier.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parameter_counts_match_the_lesson()
    {
        using (var small = new BertModel(BertConfig.SmallL4H128A2))
            Assert.Equal(4_782_464, small.parameters().Sum(p => p.numel()));

        using var seqcls = new BertForSequenceClassification(BertConfig.Base, numLabels: 4);
        seqcls.Bert.SetTrainable(false);
        var all = seqcls.parameters().ToList();
        Assert.Equal(109_482_240 + 3_076, all.Sum(p => p.numel()));
        Assert.Equal(3_076, all.Where(p => p.requires_grad).Sum(p => p.numel()));
        Assert.Equal(BertConfig.Base.BodyParameterCount(), seqcls.Bert.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Outputs_have_the_lesson_shapes_and_attention_rows_ignore_padding()
    {
        using var model = new BertModel(Tiny, seed: 1);
        model.eval();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 2, 5, 6, 7, 3, 2, 8, 3, 0, 0 }, [2, 5]);
        var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 5]);
        using var outputs = model.Forward(ids, mask, outputAttentions: true);

        Assert.Equal([2, 5, 32], outputs.SequenceOutput.shape);
        Assert.Equal([2, 32], outputs.PooledOutput.shape);
        Assert.Equal(2, outputs.EncoderOutputs.Count);
        Assert.Same(outputs.EncoderOutputs[^1], outputs.SequenceOutput);
        Assert.Equal(2, outputs.Attentions!.Count);
        Assert.Equal([2, 4, 5, 5], outputs.Attentions[0].shape);
        Assert.True(outputs.Attentions[1].sum(-1).allclose(ones(2, 4, 5), atol: 1e-5));
        Assert.Equal(0, outputs.Attentions[0][1, .., .., 3..].abs().max().item<float>(), 6);
        Assert.InRange(outputs.PooledOutput.abs().max().item<float>(), 0, 1); // tanh
    }

    [Fact]
    public void Padding_does_not_change_the_real_tokens_outputs()
    {
        using var model = new BertModel(Tiny, seed: 2);
        model.eval();
        using var scope = NewDisposeScope();
        var shortIds = tensor(new long[] { 2, 9, 10, 3 }, [1, 4]);
        var paddedIds = tensor(new long[] { 2, 9, 10, 3, 0, 0, 0 }, [1, 7]);
        using var plain = model.Forward(shortIds, ones_like(shortIds));
        using var padded = model.Forward(paddedIds, tensor(new long[] { 1, 1, 1, 1, 0, 0, 0 }, [1, 7]));

        Assert.True(plain.SequenceOutput.allclose(padded.SequenceOutput[.., ..4], atol: 1e-5));
        Assert.True(plain.PooledOutput.allclose(padded.PooledOutput, atol: 1e-5));
    }

    [Fact]
    public void Fused_and_explicit_attention_paths_agree()
    {
        using var model = new BertModel(Tiny, seed: 3);
        model.eval();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 2, 11, 12, 13, 3, 2, 14, 3, 0, 0 }, [2, 5]);
        var mask = ids.ne(0).to_type(ScalarType.Int64);
        using var fused = model.Forward(ids, mask);
        using var explicitPath = model.Forward(ids, mask, outputAttentions: true);
        Assert.True(fused.SequenceOutput.allclose(explicitPath.SequenceOutput, atol: 1e-5));
    }

    [Fact]
    public void Token_type_ids_change_the_output()
    {
        using var model = new BertModel(Tiny, seed: 4);
        model.eval();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 2, 9, 3, 10, 3 }, [1, 5]);
        using var single = model.Forward(ids, ones_like(ids));
        using var pair = model.Forward(ids, ones_like(ids), tensor(new long[] { 0, 0, 0, 1, 1 }, [1, 5]));
        Assert.False(single.PooledOutput.allclose(pair.PooledOutput));
    }

    [Fact]
    public void Same_seed_same_weights_other_seed_other_weights()
    {
        using var a = new BertForSequenceClassification(Tiny, 4, seed: 5);
        using var b = new BertForSequenceClassification(Tiny, 4, seed: 5);
        using var c = new BertForSequenceClassification(Tiny, 4, seed: 6);
        var wa = a.state_dict()["classifier.weight"];
        Assert.Equal(0, (wa - b.state_dict()["classifier.weight"]).abs().max().item<float>());
        Assert.Equal(0, (a.state_dict()["bert.encoder.layer.1.output.dense.weight"] - b.state_dict()["bert.encoder.layer.1.output.dense.weight"]).abs().max().item<float>());
        Assert.NotEqual(0, (wa - c.state_dict()["classifier.weight"]).abs().max().item<float>());
        Assert.Equal(0, a.state_dict()["bert.embeddings.word_embeddings.weight"][0].abs().sum().item<float>()); // [PAD] row
    }

    [Fact]
    public void Rejects_sequences_longer_than_the_position_table()
    {
        using var model = new BertModel(Tiny with { MaxPositionEmbeddings = 4 });
        using var scope = NewDisposeScope();
        var ids = ones(1, 5, dtype: ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => model.Forward(ids, ones_like(ids)));
        Assert.Contains("max_position_embeddings", error.Message);
    }
}
