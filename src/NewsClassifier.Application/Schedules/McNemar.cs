namespace NewsClassifier.Application.Schedules;

/// <summary>
/// The exact McNemar test for two classifiers scored on the same articles. Only the articles where exactly one of them
/// is right carry information: <c>b</c> = champion right and challenger wrong, <c>c</c> = the reverse. Under "both are
/// equally good" each such article is a fair coin, so the two-sided p-value is
/// <c>min(1, 2 * P(X &lt;= min(b, c)))</c> for <c>X ~ Binomial(b + c, 1/2)</c>.
/// </summary>
public static class McNemar
{
    public static double ExactPValue(int championOnly, int challengerOnly)
    {
        if (championOnly < 0 || challengerOnly < 0) throw new ArgumentOutOfRangeException(nameof(championOnly), "Counts cannot be negative.");
        int n = championOnly + challengerOnly;
        if (n == 0) return 1.0;
        int k = Math.Min(championOnly, challengerOnly);
        // Sum the binomial terms in log space: 0.5^n underflows past n = 1074 articles.
        double logHalfN = -n * Math.Log(2);
        double logC = 0; // log C(n, 0)
        double max = double.NegativeInfinity;
        var terms = new double[k + 1];
        for (int i = 0; i <= k; i++)
        {
            if (i > 0) logC += Math.Log(n - i + 1) - Math.Log(i);
            terms[i] = logC + logHalfN;
            max = Math.Max(max, terms[i]);
        }
        double sum = 0;
        foreach (var t in terms) sum += Math.Exp(t - max);
        return Math.Min(1.0, 2 * Math.Exp(max + Math.Log(sum)));
    }
}
