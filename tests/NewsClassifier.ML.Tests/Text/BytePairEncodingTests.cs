using NewsClassifier.ML.Text;

namespace NewsClassifier.ML.Tests.Text;

public class BytePairEncodingTests
{
    // Sennrich et al.'s example vocabulary: low x5, lower x2, newest x6, widest x3.
    private static readonly KeyValuePair<string, int>[] Words =
        [new("low", 5), new("lower", 2), new("newest", 6), new("widest", 3)];

    [Fact]
    public void Learns_the_most_frequent_pair_first_with_ties_to_the_pair_seen_first()
    {
        var bpe = BytePairEncoding.Learn(Words, maxPieces: 1000);

        // e s and s t both occur 9 times (newest + widest); e s was seen first. Then es t (9), then l o and o w (7 each).
        Assert.Equal([("##e", "##s"), ("##es", "##t"), ("l", "##o"), ("lo", "##w")], bpe.Merges.Take(4));
        Assert.Equal(bpe.Merges, BytePairEncoding.Learn(Words, maxPieces: 1000).Merges);
    }

    [Fact]
    public void An_unseen_word_splits_into_learned_pieces()
    {
        var bpe = BytePairEncoding.Learn(Words, maxPieces: 1000);

        Assert.Equal(["low", "##est"], bpe.Split("lowest"));
        Assert.Equal(["newest"], bpe.Split("newest"));
        // widest learned "wi" and then "##dest" before "wi ##d" could form; lower learned "##er".
        Assert.Equal(["wi", "##d", "##er"], bpe.Split("wider"));
        Assert.Equal(["x"], bpe.Split("x"));
    }

    [Fact]
    public void Stops_at_the_piece_budget_and_below_the_minimum_count()
    {
        // 11 distinct characters (first and continuation forms) exist before any merge.
        var capped = BytePairEncoding.Learn(Words, maxPieces: 13);
        Assert.Equal(2, capped.Merges.Count);

        var frequentOnly = BytePairEncoding.Learn(Words, maxPieces: 1000, minCount: 6);
        Assert.All(frequentOnly.Merges, m => Assert.DoesNotContain("##r", m.Right));
        Assert.Equal(["low", "##e", "##r"], frequentOnly.Split("lower"));
    }

    [Fact]
    public void A_merge_that_is_not_piece_plus_continuation_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new BytePairEncoding([("a", "b")]));
        Assert.Throws<ArgumentException>(() => new BytePairEncoding([("a", "##")]));
        Assert.Throws<ArgumentException>(() => new BytePairEncoding([("a", "##b"), ("a", "##b")]));
    }

    [Fact]
    public void Learning_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => BytePairEncoding.Learn(Words, maxPieces: 1000, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Surrogate_pairs_stay_one_character()
    {
        Assert.Equal(["😀", "##a"], BytePairEncoding.Learn([new("😀a", 1)], 10).Split("😀a"));
    }
}
