using NewsClassifier.ML.Text;

namespace NewsClassifier.ML.Tests.Text;

/// <summary>The bert-base-uncased reference outputs of the seed spec (Recipe 4), with the real 30,522-token vocabulary.</summary>
public class BertTokenizationTests
{
    internal static readonly string VocabPath = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "bert-base-uncased", "vocab.txt"));

    private static readonly Lazy<BertTextTokenizer> Uncased = new(() => BertTextTokenizer.Create(VocabPath));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found");
    }

    [Fact]
    public void Special_token_ids_come_from_the_vocabulary()
    {
        var t = Uncased.Value;
        Assert.Equal(30_522, t.VocabularySize);
        Assert.Equal(0, t.PadId);
        Assert.Equal(100, t.UnkId);
        Assert.Equal(101, t.ClsId);
        Assert.Equal(102, t.SepId);
        Assert.Equal("[PAD]", t.TokenOf(0));
        Assert.Equal("[UNK]", t.TokenOf(100));
        Assert.True(t.LowerCase);
        Assert.True(t.StripAccents);
    }

    [Fact]
    public void Encode_matches_hugging_face()
    {
        Assert.Equal([101, 23435, 12314, 2003, 1037, 2307, 7705, 2005, 17953, 2361, 102],
            Uncased.Value.EncodeToIds("Tensorflow is a great framework for NLP"));
        var batch = Uncased.Value.Encode(["Tensorflow is a great framework for NLP"], 128);
        Assert.Equal([101L, 23435, 12314, 2003, 1037, 2307, 7705, 2005, 17953, 2361, 102], batch.InputIds[0]);
        Assert.Equal(["[CLS]", "tensor", "##flow", "is", "a", "great", "framework", "for", "nl", "##p", "[SEP]"], batch.Tokens[0]);
    }

    [Fact]
    public void Hello_there_has_zero_token_types_and_a_full_mask()
    {
        var e = Uncased.Value.Encode(["Hello, there"], 128);
        Assert.Equal([101L, 7592, 1010, 2045, 102], Assert.Single(e.InputIds));
        Assert.All(Assert.Single(e.TokenTypeIds), v => Assert.Equal(0, v));
        Assert.Equal([1L, 1, 1, 1, 1], Assert.Single(e.AttentionMask));
    }

    [Fact]
    public void Padding_to_max_length()
    {
        var e = Uncased.Value.Encode(["I love transformers"], 128, PaddingMode.MaxLength);
        var ids = Assert.Single(e.InputIds);
        var mask = Assert.Single(e.AttentionMask);
        Assert.Equal(128, ids.Length);
        Assert.Equal(128, mask.Length);
        Assert.Equal(128, e.TokenTypeIds[0].Length);
        Assert.Equal([101L, 1045, 2293, 19081, 102, 0], ids[..6]);
        Assert.All(ids[5..], v => Assert.Equal(0, v));
        Assert.Equal([1L, 1, 1, 1, 1, 0], mask[..6]);
        Assert.Equal(5, mask.Sum());
        Assert.Equal("[PAD]", e.Tokens[0][127]);
    }

    [Fact]
    public void Uncased_strips_accents()
    {
        var t = Uncased.Value;
        var naive = t.IdOf("naive");
        Assert.NotNull(naive);
        Assert.Equal([101, naive.Value, 102], t.EncodeToIds("naïve"));
        Assert.Equal(t.EncodeToIds("Café NAÏVE"), t.EncodeToIds("cafe naive"));
        Assert.DoesNotContain(t.UnkId, t.EncodeToIds("naïve"));
    }

    [Fact]
    public void Cased_keeps_case()
    {
        var cased = BertTextTokenizer.Create(VocabPath, lowerCase: false);
        Assert.False(cased.LowerCase);
        // The uncased vocabulary has no capitalised "Hello": a cased tokenizer does not fold it into "hello".
        Assert.NotEqual(Uncased.Value.EncodeToIds("Hello"), cased.EncodeToIds("Hello"));
        Assert.Equal(Uncased.Value.EncodeToIds("hello"), cased.EncodeToIds("hello"));
    }

    [Fact]
    public void Tokenizer_config_do_lower_case_is_respected()
    {
        var dir = TestData.TempDirectory();
        try
        {
            File.Copy(VocabPath, Path.Combine(dir, "vocab.txt"));
            File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), """{"do_lower_case": false, "model_max_length": 512}""");
            var t = BertTextTokenizer.Create(Path.Combine(dir, "vocab.txt"));
            Assert.False(t.LowerCase);
            Assert.False(t.StripAccents);
            Assert.True(BertTextTokenizer.Create(Path.Combine(dir, "vocab.txt"), lowerCase: true).LowerCase); // explicit wins
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Pads_a_batch_to_its_longest_text()
    {
        var e = Uncased.Value.Encode(["Hello, there", "I love transformers and Tensorflow", ""], 128);
        Assert.All(e.InputIds, row => Assert.Equal(e.InputIds[1].Length, row.Length));
        Assert.Equal(0, e.AttentionMask[1].Count(v => v == 0)); // the longest has no padding
        Assert.Equal([101L, 7592, 1010, 2045, 102], e.InputIds[0][..5]);
        Assert.All(e.InputIds[0][5..], v => Assert.Equal(0, v));
        Assert.Equal(5, e.AttentionMask[0].Sum());
    }

    [Fact]
    public void Truncation_keeps_sep_last_and_counts_special_tokens()
    {
        var e = Uncased.Value.Encode(["Tensorflow is a great framework for NLP"], 6, PaddingMode.Longest);
        Assert.Equal([101L, 23435, 12314, 2003, 1037, 102], Assert.Single(e.InputIds));
        Assert.All(e.AttentionMask[0], v => Assert.Equal(1, v));
        var padded = Uncased.Value.Encode(["Tensorflow is a great framework for NLP", "Hello"], 6, PaddingMode.MaxLength);
        Assert.Equal(102, padded.InputIds[0][^1]);
        Assert.Equal([101L, 7592, 102, 0, 0, 0], padded.InputIds[1]);
    }

    [Fact]
    public void Empty_text_is_cls_sep()
    {
        Assert.Equal([101, 102], Uncased.Value.EncodeToIds(""));
        var e = Uncased.Value.Encode([""], 128);
        Assert.Equal([101L, 102], Assert.Single(e.InputIds));
        Assert.Equal(["[CLS]", "[SEP]"], e.Tokens[0]);
    }
}
