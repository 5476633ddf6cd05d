using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.ML.Tests.Models.Bert;

public class BertConfigTests
{
    [Fact]
    public void Body_parameter_counts_match_the_lesson()
    {
        Assert.Equal(109_482_240, BertConfig.Base.BodyParameterCount());
        Assert.Equal(4_782_464, BertConfig.SmallL4H128A2.BodyParameterCount());
        Assert.Equal(3_076, BertConfig.Base.ClassifierParameterCount(4));
    }

    [Fact]
    public void Parses_a_hugging_face_config_and_ignores_unknown_keys()
    {
        var config = BertConfig.Parse("""
            {"architectures": ["BertForMaskedLM"], "attention_probs_dropout_prob": 0.1, "hidden_act": "gelu",
             "hidden_dropout_prob": 0.1, "hidden_size": 128, "initializer_range": 0.02, "intermediate_size": 512,
             "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "bert", "num_attention_heads": 2,
             "num_hidden_layers": 4, "pad_token_id": 0, "type_vocab_size": 2, "vocab_size": 30522}
            """);
        Assert.Equal(BertConfig.SmallL4H128A2, config);
        Assert.Equal(64, config.HeadSize);
        Assert.Equal(config, BertConfig.Parse(config.ToJson()));
    }

    [Theory]
    [InlineData("""{"hidden_size": 100, "num_attention_heads": 3}""", "hidden_size")]
    [InlineData("""{"hidden_act": "swish"}""", "hidden_act")]
    [InlineData("""{"model_type": "roberta"}""", "model_type")]
    [InlineData("""{"vocab_size": 0}""", "vocab_size")]
    [InlineData("""{"hidden_size": "big"}""", "not a valid BERT config")]
    public void Bad_configs_name_the_key(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => BertConfig.Parse(json));
        Assert.Contains(expected, error.Message);
    }
}
