using NewsClassifier.ML.Training.CustomTransformer;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Training;

public class LsaEmbeddingTests
{
    public LsaEmbeddingTests() => TestData.InitTorch();

    /// <summary>Articles of ids 2..31: each article draws from one of three topics of ten words, plus shared words 32..35.</summary>
    private static long[][] TopicArticles(int count, int seed = 3)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(a =>
        {
            int topic = a % 3;
            var words = Enumerable.Range(0, random.Next(4, 10)).Select(_ => (long)(2 + topic * 10 + random.Next(10)));
            return words.Append(32 + random.Next(4)).Append(random.Next(2)).ToArray(); // a shared word, padding or OOV
        }).ToArray();
    }

    [Fact]
    public void Words_of_one_topic_get_closer_vectors_than_words_of_different_topics()
    {
        var ids = TopicArticles(90);
        var (vectors, components) = LsaEmbedding.Compute(ids, Enumerable.Range(0, ids.Length).ToArray(), 36, 8, seed: 1);

        Assert.Equal(new long[] { 36, 8 }, vectors.shape);
        Assert.Equal(8, components);
        var unit = nn.functional.normalize(vectors[2..32], dim: 1);
        var cosine = unit.matmul(unit.t()).data<float>().ToArray();
        double same = 0, different = 0; int sameCount = 0, differentCount = 0;
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 30; j++)
            {
                if (i == j) continue;
                if (i / 10 == j / 10) { same += cosine[i * 30 + j]; sameCount++; }
                else { different += cosine[i * 30 + j]; differentCount++; }
            }
        Assert.True(same / sameCount > different / differentCount + 0.3, $"same topic {same / sameCount:F3}, different {different / differentCount:F3}");
        Assert.Equal(0f, vectors[..2].abs().max().item<float>()); // padding and OOV rows stay for the model's own start
    }

    [Fact]
    public void Matches_an_exact_svd_of_the_dense_tfidf_matrix()
    {
        // Topics of 3:2:1 articles, so the top three singular values are apart and each direction is well defined.
        var ids = TopicArticles(120).Where((_, a) => a % 3 == 0 || a % 6 == 1 || a % 9 == 2).ToArray();
        var articles = Enumerable.Range(0, ids.Length).ToArray();
        var (vectors, components) = LsaEmbedding.Compute(ids, articles, 36, 3, seed: 2);

        // The same weighting written out densely: sublinear tf x smooth idf, rows L2-normalised.
        var counts = ids.Select(a => a.Where(t => t > 1).GroupBy(t => t).ToDictionary(g => (int)g.Key, g => g.Count())).ToArray();
        var df = new int[36];
        foreach (var c in counts) foreach (var w in c.Keys) df[w]++;
        var dense = new float[ids.Length * 36];
        for (int r = 0; r < ids.Length; r++)
        {
            var weights = counts[r].ToDictionary(kv => kv.Key, kv => (1 + Math.Log(kv.Value)) * (Math.Log((1.0 + ids.Length) / (1.0 + df[kv.Key])) + 1));
            double norm = Math.Sqrt(weights.Values.Sum(v => v * v));
            foreach (var (w, v) in weights) dense[r * 36 + w] = (float)(v / norm);
        }
        var (_, s, vh) = linalg.svd(tensor(dense, [ids.Length, 36]).to_type(ScalarType.Float64), fullMatrices: false);
        var expected = vh[..3].t() * s[..3].sqrt(); // (36, 3)

        Assert.Equal(3, components);
        var got = vectors.to_type(ScalarType.Float64);
        for (int c = 0; c < 3; c++)
        {
            // A singular vector is defined up to its sign, and the result is scaled as a whole.
            double cosine = Math.Abs(nn.functional.cosine_similarity(got[.., c], expected[.., c], dim: 0).item<double>());
            Assert.True(cosine > 0.9999, $"component {c}: cosine {cosine}");
            double ratio = (got[.., c].norm() / got[.., 0].norm()).item<double>(), want = (expected[.., c].norm() / expected[.., 0].norm()).item<double>();
            Assert.Equal(want, ratio, 3);
        }
        Assert.Equal(LsaEmbedding.TargetStd, got[2..].std().item<double>(), 4);
    }

    [Fact]
    public void Same_seed_same_vectors_and_only_as_many_components_as_the_articles_hold()
    {
        var ids = TopicArticles(6);
        var articles = Enumerable.Range(0, ids.Length).ToArray();
        var (first, components) = LsaEmbedding.Compute(ids, articles, 36, 16, seed: 4);
        var (second, _) = LsaEmbedding.Compute(ids, articles, 36, 16, seed: 4);

        Assert.True(first.eq(second).all().item<bool>());
        Assert.Equal(6, components); // six articles span at most six directions; the other ten columns are left to the random start
        Assert.Equal(0f, first[.., components..].abs().max().item<float>());
        Assert.True(first[2.., ..components].abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Only_the_training_articles_count_and_no_words_gives_no_components()
    {
        var ids = TopicArticles(30);
        // Articles of topic 0 only: topic 1 and 2 words never appear, so their rows are zero.
        var (vectors, _) = LsaEmbedding.Compute(ids, Enumerable.Range(0, 30).Where(a => a % 3 == 0).ToArray(), 36, 4, seed: 1);
        Assert.Equal(0f, vectors[12..32].abs().max().item<float>());
        Assert.True(vectors[2..12].abs().sum().item<float>() > 0);

        var (none, components) = LsaEmbedding.Compute([[0L, 1L, 0L]], [0], 36, 4, seed: 1);
        Assert.Equal(0, components);
        Assert.Equal(0f, none.abs().max().item<float>());
    }
}
