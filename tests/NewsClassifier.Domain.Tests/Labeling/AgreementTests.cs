using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Domain.Tests.Labeling;

/// <summary>The agreement maths against hand-computed textbook cases and its edge cases.</summary>
public class AgreementTests
{
    [Fact]
    public void Cohens_kappa_matches_the_textbook_yes_no_example()
    {
        // 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
        // p_o = (20 + 15) / 50 = 0.70
        // A says yes 25/50 = 0.5, B says yes 30/50 = 0.6
        // p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.30 + 0.20 = 0.50
        // kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40
        var pairs = Repeat((1, 1), 20).Concat(Repeat((1, 0), 5)).Concat(Repeat((0, 1), 10)).Concat(Repeat((0, 0), 15)).ToList();

        var kappa = Agreement.CohenKappa(pairs);

        Assert.Equal(50, kappa.Items);
        Assert.Equal(0.40, kappa.Value!.Value, 10);
    }

    [Fact]
    public void Cohens_kappa_of_two_raters_uses_only_the_items_both_rated()
    {
        var ratings = new List<Rating>
        {
            new(1, "ann", 0), new(1, "bob", 0),
            new(2, "ann", 1), new(2, "bob", 1),
            new(3, "ann", 1), new(3, "bob", 0),
            new(4, "ann", 2), // bob never saw item 4
            new(5, "bob", 2), // nor ann item 5
        };
        // Shared items 1-3: p_o = 2/3; ann: 0 x1, 1 x2; bob: 0 x2, 1 x1
        // p_e = (1/3)(2/3) + (2/3)(1/3) = 4/9; kappa = (2/3 - 4/9) / (5/9) = (2/9) / (5/9) = 0.4
        var kappa = Agreement.CohenKappa(ratings, "ann", "bob");

        Assert.Equal(3, kappa.Items);
        Assert.Equal(0.4, kappa.Value!.Value, 10);
    }

    [Fact]
    public void Perfect_agreement_is_one_and_no_overlap_is_not_enough_data()
    {
        Assert.Equal(1.0, Agreement.CohenKappa([(0, 0), (1, 1), (2, 2), (1, 1)]).Value!.Value, 10);
        Assert.Equal(1.0, Agreement.KrippendorffAlpha([new(1, "a", 0), new(1, "b", 0), new(2, "a", 3), new(2, "b", 3)]).Value!.Value, 10);

        var none = Agreement.CohenKappa([new Rating(1, "a", 0), new Rating(2, "b", 0)], "a", "b");
        Assert.Null(none.Value);
        Assert.Equal(Agreement.NotEnoughData, none.Why);

        var single = Agreement.KrippendorffAlpha([new(1, "a", 0), new(2, "b", 1), new(3, "a", 2)]);
        Assert.Null(single.Value);
        Assert.Equal(Agreement.NotEnoughData, single.Why);
    }

    [Fact]
    public void One_class_everywhere_has_no_variation_so_no_coefficient()
    {
        var kappa = Agreement.CohenKappa([(2, 2), (2, 2), (2, 2)]);
        Assert.Null(kappa.Value);
        Assert.Equal(Agreement.NoVariation, kappa.Why);

        var alpha = Agreement.KrippendorffAlpha([new(1, "a", 2), new(1, "b", 2), new(2, "a", 2), new(2, "c", 2)]);
        Assert.Null(alpha.Value);
        Assert.Equal(Agreement.NoVariation, alpha.Why);
    }

    [Fact]
    public void Krippendorffs_alpha_matches_the_two_observer_binary_example()
    {
        // Krippendorff (2011), binary data, two observers, ten units:
        // A: 0 1 0 0 0 0 0 0 1 0
        // B: 1 1 1 0 0 1 0 0 0 0
        // Every unit has m = 2 values, so each ordered pair adds 1/(2-1) = 1 to the coincidence matrix:
        // o_00 = 10, o_01 = o_10 = 4, o_11 = 2; n_0 = 14, n_1 = 6, n = 20.
        // alpha = 1 - (n - 1) * (o_01 + o_10) / (n_0 n_1 + n_1 n_0) = 1 - 19 * 8 / 168 = 16/168 = 0.0952
        int[] a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        var ratings = Enumerable.Range(0, 10).SelectMany(i => new[] { new Rating(i, "A", a[i]), new Rating(i, "B", b[i]) });

        var alpha = Agreement.KrippendorffAlpha(ratings);

        Assert.Equal(10, alpha.Items);
        Assert.Equal(16.0 / 168.0, alpha.Value!.Value, 10);
    }

    [Fact]
    public void Krippendorffs_alpha_matches_the_four_observer_nominal_example_with_missing_data()
    {
        // Krippendorff (2011), nominal data, observers A-D, units 1-12 ('.' = missing):
        //        1 2 3 4 5 6 7 8 9 10 11 12
        //   A:   1 2 3 3 2 1 4 1 2 .  .  .
        //   B:   1 2 3 3 2 2 4 1 2 5  .  3
        //   C:   . 3 3 3 2 3 4 2 2 5  1  .
        //   D:   1 2 3 3 2 4 4 1 2 5  1  .
        // Unit 12 has one value and is left out. Coincidences (each pair weighted 1/(m_u - 1)):
        //   n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3, n = 40
        //   off-diagonal sum of o = 8 (units 1, 2, 6 and 8 contribute 4/3 + 4/3 + 4 + 4/3)
        //   sum_{c!=k} n_c n_k = 40^2 - (81 + 169 + 100 + 25 + 9) = 1600 - 384 = 1216
        //   alpha = 1 - 39 * 8 / 1216 = 1 - 312/1216 = 0.7434
        int?[][] data =
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
            [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
        ];
        var ratings = new List<Rating>();
        for (int o = 0; o < data.Length; o++)
            for (int u = 0; u < 12; u++)
                if (data[o][u] is { } v) ratings.Add(new Rating(u + 1, "ABCD"[o].ToString(), v));

        var alpha = Agreement.KrippendorffAlpha(ratings);

        Assert.Equal(11, alpha.Items);
        Assert.Equal(1 - 312.0 / 1216.0, alpha.Value!.Value, 10);
        Assert.Equal(0.743, alpha.Value.Value, 3);
    }

    [Fact]
    public void Per_class_alpha_is_one_versus_rest()
    {
        // Items rated by two annotators: (World, World), (World, Sports), (Business, Business).
        // For World (1) vs rest (0): (1,1), (1,0), (0,0) -> o_11 = 2, o_10 = o_01 = 1, o_00 = 2; n_1 = n_0 = 3, n = 6
        // alpha = 1 - 5 * 2 / (3*3 + 3*3) = 1 - 10/18 = 0.4444
        const int world = 10, sports = 11, business = 12;
        var ratings = new List<Rating>
        {
            new(1, "a", world), new(1, "b", world),
            new(2, "a", world), new(2, "b", sports),
            new(3, "a", business), new(3, "b", business),
        };

        Assert.Equal(1 - 10.0 / 18.0, Agreement.ClassAlpha(ratings, world).Value!.Value, 10);
        // Business vs rest: (1,1), (0,0), (0,0): perfect.
        Assert.Equal(1.0, Agreement.ClassAlpha(ratings, business).Value!.Value, 10);
    }

    [Fact]
    public void Uncertainty_measures_of_a_probability_vector()
    {
        var m = ArticleScore.Measure([0.1f, 0.6f, 0.3f]);
        Assert.Equal(1, m.Predicted);
        Assert.Equal(0.6, m.Confidence, 6);
        Assert.Equal(0.4, m.LeastConfidence, 6);
        Assert.Equal(0.3, m.Margin, 6);
        // -(0.1 ln 0.1 + 0.6 ln 0.6 + 0.3 ln 0.3) = 0.2303 + 0.3065 + 0.3612 = 0.8979
        Assert.Equal(0.8979, m.Entropy, 3);
    }

    private static IEnumerable<(int, int)> Repeat((int, int) pair, int count) => Enumerable.Repeat(pair, count);
}
