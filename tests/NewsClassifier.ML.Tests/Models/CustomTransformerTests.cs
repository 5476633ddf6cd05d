using NewsClassifier.ML.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Models;

public class CustomTransformerTests
{
    public CustomTransformerTests() => TestData.InitTorch();

    [Fact]
    public void Lesson_config_matches_the_keras_summary_exactly()
    {
        using var model = new CustomTransformerClassifier(CustomTransformerConfig.Lesson);
        var summary = ModelSummary.Of(model);

        Assert.Equal(648_192, summary["token_and_position_embedding"]);
        Assert.Equal(10_656, summary["transformer_block"]);
        Assert.Equal(660, summary["dense"]);
        Assert.Equal(84, summary["dense_1"]);
        Assert.Equal(659_592, summary.TotalParameters);
        Assert.Equal(659_592, summary.TrainableParameters);
        Assert.Contains("Total params: 659,592", summary.ToString());
    }

    [Fact]
    public void Keras_attention_has_8416_parameters_for_the_lesson()
    {
        using var attention = new KerasMultiHeadAttention(CustomTransformerConfig.Lesson, new Generator(1));
        Assert.Equal(8_416, attention.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Checkpoint_keys_are_stable()
    {
        using var model = new CustomTransformerClassifier(TestData.TinyConfig());
        var keys = model.state_dict().Keys.ToHashSet();
        string[] expected =
        [
            "embedding.token_emb.weight", "embedding.pos_emb.weight",
            "blocks.0.att.query.weight", "blocks.0.att.query.bias", "blocks.0.att.key.weight", "blocks.0.att.key.bias",
            "blocks.0.att.value.weight", "blocks.0.att.value.bias", "blocks.0.att.attention_output.weight", "blocks.0.att.attention_output.bias",
            "blocks.0.layernorm1.weight", "blocks.0.layernorm1.bias", "blocks.0.ffn_1.weight", "blocks.0.ffn_1.bias",
            "blocks.0.ffn_2.weight", "blocks.0.ffn_2.bias", "blocks.0.layernorm2.weight", "blocks.0.layernorm2.bias",
            "dense.weight", "dense.bias", "classifier.weight", "classifier.bias",
        ];
        Assert.Equal(expected.ToHashSet(), keys);
    }

    [Fact]
    public void Shapes_and_per_head_attention_weights()
    {
        var config = TestData.TinyConfig() with { NumBlocks = 2 };
        using var model = new CustomTransformerClassifier(config, seed: 3);
        model.eval();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 5, 6, 7, 0, 0, 8, 9, 10, 11, 12 }, [2, 5]);
        var (logits, attention) = model.Forward(ids, returnAttention: true);

        Assert.Equal([2, 4], logits.shape);
        Assert.Equal(2, attention.Length);
        Assert.Equal([2, 2, 5, 5], attention[0].shape); // (B, heads, T, T)
        // Rows are distributions, and masked (padding) keys get no weight.
        Assert.True(attention[0].sum(-1).allclose(ones(2, 2, 5), atol: 1e-5));
        Assert.True(attention[0][0, .., .., 3..].abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void Initialisation_is_keras_like_and_seeded()
    {
        using var a = new CustomTransformerClassifier(TestData.TinyConfig(), seed: 11);
        using var b = new CustomTransformerClassifier(TestData.TinyConfig(), seed: 11);
        using var c = new CustomTransformerClassifier(TestData.TinyConfig(), seed: 12);
        var sa = a.state_dict(); var sb = b.state_dict(); var sc = c.state_dict();
        Assert.All(sa.Keys, k => Assert.True(sa[k].allclose(sb[k], rtol: 0, atol: 0), k));
        Assert.False(sa["dense.weight"].allclose(sc["dense.weight"], rtol: 0, atol: 0));
        Assert.True(sa["embedding.token_emb.weight"].abs().max().item<float>() <= 0.05f);
        Assert.Equal(0f, sa["dense.bias"].abs().sum().item<float>());
        double limit = Math.Sqrt(6.0 / (8 + 8)); // glorot_uniform for Dense(8 -> 8)
        Assert.True(sa["dense.weight"].abs().max().item<float>() <= limit);
    }

    [Fact]
    public void Padding_does_not_change_a_masked_models_output()
    {
        using var model = new CustomTransformerClassifier(TestData.TinyConfig(maskPadding: true), seed: 5);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var shortIds = tensor(new long[] { 4, 9, 13, 2 }, [1, 4]);
        var padded = tensor(new long[] { 4, 9, 13, 2, 0, 0, 0, 0, 0, 0, 0, 0 }, [1, 12]);
        var a = model.forward(shortIds);
        var b = model.forward(padded);
        Assert.True(a.allclose(b, atol: 1e-5), $"{a.str()} vs {b.str()}");

        using var unmasked = new CustomTransformerClassifier(TestData.TinyConfig(maskPadding: false), seed: 5);
        unmasked.eval();
        Assert.False(unmasked.forward(shortIds).allclose(unmasked.forward(padded), atol: 1e-5));
    }

    [Fact]
    public void Too_long_input_is_refused()
    {
        using var model = new CustomTransformerClassifier(TestData.TinyConfig());
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => model.forward(ones(1, 17, dtype: ScalarType.Int64)));
    }
}
