using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training.CustomTransformer;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Training;

public class TokenDropoutTests
{
    public TokenDropoutTests() => TestData.InitTorch();

    /// <summary>(64, 50): 40 article tokens with ids 2..41 per row, then 10 of padding.</summary>
    private static Tensor Batch() =>
        cat([arange(2, 42, dtype: ScalarType.Int64).expand(64, -1), zeros(64, 10, dtype: ScalarType.Int64)], 1);

    [Fact]
    public void Replaces_about_p_of_the_article_tokens_with_oov_and_never_padding()
    {
        var ids = Batch();
        var dropped = TokenDropout.Apply(ids, 0.3, new Generator(5));

        var changed = dropped.ne(ids);
        Assert.True(dropped.masked_select(changed).eq(TextVectorizer.OovId).all().item<bool>());
        Assert.False(changed[.., 40..].any().item<bool>());
        double share = changed[.., ..40].to_type(ScalarType.Float64).mean().item<double>();
        Assert.InRange(share, 0.27, 0.33);
    }

    [Fact]
    public void Same_generator_seed_drops_the_same_tokens_and_zero_drops_none()
    {
        var ids = Batch();
        Assert.True(TokenDropout.Apply(ids, 0.5, new Generator(9)).eq(TokenDropout.Apply(ids, 0.5, new Generator(9))).all().item<bool>());
        Assert.False(TokenDropout.Apply(ids, 0.5, new Generator(9)).eq(TokenDropout.Apply(ids, 0.5, new Generator(10))).all().item<bool>());
        Assert.True(TokenDropout.Apply(ids, 0, new Generator(9)).eq(ids).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenDropout.Apply(ids, 1, new Generator(9)));
    }
}
