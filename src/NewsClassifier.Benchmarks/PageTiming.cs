namespace NewsClassifier.Benchmarks;

/// <summary>One page query timed as a user meets it: the first call (cold caches, a fresh query plan) and then
/// <c>repeat</c> more, reported as the median and the slowest of all.</summary>
internal readonly record struct PageTiming(double FirstMs, double MedianMs, double MaxMs)
{
    public static async Task<PageTiming> MeasureAsync(Func<Task> query, int repeat)
    {
        var sw = Stopwatch.StartNew();
        await query();
        var first = sw.Elapsed.TotalMilliseconds;
        var times = new List<double>(repeat);
        for (var i = 0; i < repeat; i++)
        {
            sw.Restart();
            await query();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new PageTiming(first, times[times.Count / 2], Math.Max(first, times[^1]));
    }
}
