namespace NewsClassifier.Domain.Labeling;

/// <summary>
/// Inter-annotator agreement, pure arithmetic (no storage): Cohen's kappa for a pair of annotators over
/// the items both rated, and Krippendorff's alpha (nominal metric) over every item rated at least twice,
/// computed from the coincidence matrix as in Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011).
/// </summary>
public static class Agreement
{
    public const string NotEnoughData = "not enough data";
    public const string NoVariation = "no variation: every rating is the same class, so chance agreement is total";

    /// <summary>
    /// Cohen's kappa = (p_o - p_e) / (1 - p_e) over the items both raters rated, where p_o is the share of
    /// those items they agree on and p_e = sum over categories of p_A(c) p_B(c) (each rater's own marginals).
    /// </summary>
    public static AgreementValue CohenKappa(IReadOnlyList<(int A, int B)> pairs)
    {
        int n = pairs.Count;
        if (n == 0) return AgreementValue.None(0, NotEnoughData);
        var a = new Dictionary<int, int>();
        var b = new Dictionary<int, int>();
        int agree = 0;
        foreach (var (x, y) in pairs)
        {
            if (x == y) agree++;
            a[x] = a.GetValueOrDefault(x) + 1;
            b[y] = b.GetValueOrDefault(y) + 1;
        }
        double po = (double)agree / n;
        double pe = a.Sum(kv => (double)kv.Value / n * b.GetValueOrDefault(kv.Key) / n);
        if (1 - pe < 1e-12) return AgreementValue.None(n, NoVariation);
        return AgreementValue.Of((po - pe) / (1 - pe), n);
    }

    /// <summary>Cohen's kappa of two raters over the items both of them rated.</summary>
    public static AgreementValue CohenKappa(IEnumerable<Rating> ratings, string raterA, string raterB)
    {
        var list = ratings as IReadOnlyCollection<Rating> ?? ratings.ToList();
        var first = list.Where(r => r.Rater == raterA).GroupBy(r => r.Item).ToDictionary(g => g.Key, g => g.First().Category);
        var pairs = list.Where(r => r.Rater == raterB && first.ContainsKey(r.Item))
            .GroupBy(r => r.Item).Select(g => (first[g.Key], g.First().Category)).ToList();
        return CohenKappa(pairs);
    }

    /// <summary>
    /// Krippendorff's alpha, nominal: alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k.
    /// Each item u with m_u >= 2 ratings adds 1/(m_u - 1) to o_ck for every ordered pair of its ratings
    /// (c, k) taken from different raters; n_c is a row sum of o and n the total number of pairable ratings.
    /// Items rated once are not pairable and are left out.
    /// </summary>
    public static AgreementValue KrippendorffAlpha(IEnumerable<Rating> ratings)
    {
        var units = ratings.GroupBy(r => r.Item)
            .Select(g => g.GroupBy(r => r.Rater).Select(r => r.First().Category).ToList())
            .Where(values => values.Count >= 2)
            .ToList();
        if (units.Count == 0) return AgreementValue.None(0, NotEnoughData);

        var coincidence = new Dictionary<(int C, int K), double>();
        foreach (var values in units)
        {
            double weight = 1.0 / (values.Count - 1);
            for (int i = 0; i < values.Count; i++)
                for (int j = 0; j < values.Count; j++)
                    if (i != j) coincidence[(values[i], values[j])] = coincidence.GetValueOrDefault((values[i], values[j])) + weight;
        }
        var totals = new Dictionary<int, double>();
        foreach (var ((c, _), count) in coincidence) totals[c] = totals.GetValueOrDefault(c) + count;
        double n = totals.Values.Sum();
        double observed = coincidence.Where(kv => kv.Key.C != kv.Key.K).Sum(kv => kv.Value);
        double expected = 0;
        foreach (var (c, nc) in totals)
            foreach (var (k, nk) in totals)
                if (c != k) expected += nc * nk;
        if (expected < 1e-12) return AgreementValue.None(units.Count, NoVariation);
        return AgreementValue.Of(1 - (n - 1) * observed / expected, units.Count);
    }

    /// <summary>
    /// Per-class agreement as one-vs-rest Krippendorff's alpha: every rating becomes "this class" or "another
    /// class" and alpha is computed on that binary coding, so a class that annotators confuse with others scores low.
    /// </summary>
    public static AgreementValue ClassAlpha(IEnumerable<Rating> ratings, int category) =>
        KrippendorffAlpha(ratings.Select(r => r with { Category = r.Category == category ? 1 : 0 }));
}
