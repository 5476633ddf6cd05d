using NewsClassifier.ML.Text;

namespace NewsClassifier.ML.Tests.Text;

public class TextVectorizerTests
{
    [Fact]
    public void Standardises_like_keras()
    {
        var tokens = TextVectorizer.Tokenize("Hello, World! It's U.S.-based (really)\t\n  rock&roll #39;s");
        Assert.Equal(["hello", "world", "its", "usbased", "really", "rockroll", "39s"], tokens);
    }

    [Fact]
    public void Vocabulary_is_padding_oov_then_most_frequent_with_ties_by_first_appearance()
    {
        var v = TextVectorizer.Adapt(["b a c", "a c d", "a e"], maxTokens: 5);
        // a:3, c:2, then b/d/e tie at 1 -> b first seen; only max_tokens - 2 = 3 words fit.
        Assert.Equal(["", "[UNK]", "a", "c", "b"], v.Vocabulary);
        Assert.Equal(5, v.VocabularySize);
    }

    [Fact]
    public void Encode_pads_truncates_and_maps_unknown_to_oov()
    {
        var v = TextVectorizer.Adapt(["the cat sat", "the dog"], 10);
        Assert.Equal([2, 3, 1, 0, 0], v.Encode("The cat ran", 5));
        Assert.Equal([2, 3], v.Encode("the cat sat the dog", 2));
        Assert.Equal([2, 3, 4], v.EncodeUnpadded("the cat sat the dog", 3, out bool truncated));
        Assert.True(truncated);
        Assert.Equal([2, 5], v.EncodeUnpadded("the dog", 3, out truncated));
        Assert.False(truncated);
        Assert.Empty(v.EncodeUnpadded("!!! ...", 3));
        Assert.Equal([0, 0], v.Encode("", 2));
    }

    [Fact]
    public void Unicode_text_is_lower_cased_and_survives_save_and_load()
    {
        var v = TextVectorizer.Adapt(["École Über naïve 東京 Ünïcödé", "école"], 20);
        Assert.Equal(2, v.TokenToId("école"));
        Assert.Equal(v.TokenToId("über"), v.Encode("ÜBER", 1)[0]);
        // Composed and decomposed forms of the same letter are one token.
        Assert.Equal(v.TokenToId("naïve"), v.TokenToId(TextVectorizer.Tokenize("nai\u0308ve").Single()));

        var path = Path.Combine(TestData.TempDirectory(), "vocab.json");
        v.Save(path);
        var loaded = TextVectorizer.Load(path);
        Assert.Equal(v.Vocabulary, loaded.Vocabulary);
        Assert.Contains("東京", File.ReadAllText(path));
    }

    [Fact]
    public void Max_tokens_below_three_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextVectorizer.Adapt(["a"], 2));
    }

    [Fact]
    public void Subword_vocabulary_encodes_an_unseen_word_as_pieces_instead_of_oov()
    {
        string[] texts = ["the lowest price", "lower prices", "the newest low", "widest lower low newest", "newest low"];
        var words = TextVectorizer.Adapt(texts, 100);
        var pieces = TextVectorizer.Adapt(texts, 100, subwords: true);

        Assert.True(pieces.UsesSubwords);
        Assert.Equal([TextVectorizer.OovId], words.EncodeUnpadded("lowers", 10));
        var ids = pieces.EncodeUnpadded("lowers", 10);
        Assert.DoesNotContain(TextVectorizer.OovId, ids);
        Assert.Equal(pieces.Tokens("lowers"), ids.Select(i => pieces.IdToToken(i)));
        Assert.Equal("lowers", string.Concat(pieces.Tokens("lowers")).Replace(BytePairEncoding.Continuation, ""));
        Assert.True(ids.Length > 1);
        // A character never seen in training is the one unknown piece.
        Assert.Contains(TextVectorizer.OovId, pieces.EncodeUnpadded("lowz", 10));
        // One id per piece, so max_length counts pieces.
        Assert.Equal(3, pieces.EncodeUnpadded("lowers lowers", 3, out bool truncated).Length);
        Assert.True(truncated);
    }

    [Fact]
    public void Subword_vocabulary_stays_within_max_tokens_and_survives_save_and_load()
    {
        var texts = TestData.Articles(perClass: 20).Texts;
        var v = TextVectorizer.Adapt(texts, 60, subwords: true);
        Assert.True(v.VocabularySize <= 60, $"{v.VocabularySize} entries");

        var path = Path.Combine(TestData.TempDirectory(), "vocab.json");
        v.Save(path);
        var loaded = TextVectorizer.Load(path);
        Assert.True(loaded.UsesSubwords);
        Assert.Equal(v.Vocabulary, loaded.Vocabulary);
        Assert.All(texts, t => Assert.Equal(v.EncodeUnpadded(t, 64), loaded.EncodeUnpadded(t, 64)));
    }

    [Theory]
    [InlineData("""{"format":"newsclassifier-subword-vectorization/v1","tokens":["a"]}""")]
    [InlineData("""{"format":"newsclassifier-subword-vectorization/v1","tokens":["a"],"merges":[["a"]]}""")]
    [InlineData("""{"format":"newsclassifier-subword-vectorization/v1","tokens":["a"],"merges":[["a","b"]]}""")]
    [InlineData("""{"format":"newsclassifier-subword-vectorization/v1","merges":[]}""")]
    [InlineData("""{"format":"newsclassifier-subword-vectorization/v1","tokens":["a"],"merges":[[null,"##b"]]}""")]
    [InlineData("""{"format":"newsclassifier-subword-vectorization/v1","tokens":["a",null],"merges":[]}""")]
    [InlineData("""{"format":"keras-text-vectorization/v1","tokens":[null]}""")]
    [InlineData("""{"format":"keras-text-vectorization/v1","tokens":["a","a"]}""")]
    [InlineData("""{"format":"something-else/v1","tokens":["a"]}""")]
    public void A_malformed_vocabulary_file_is_a_clear_error(string json)
    {
        var path = Path.Combine(TestData.TempDirectory(), "vocab.json");
        File.WriteAllText(path, json);
        Assert.Throws<InvalidDataException>(() => TextVectorizer.Load(path));
    }
}
