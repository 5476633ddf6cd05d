using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Data;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Benchmarks;

/// <summary>Another writer while something else writes: an EF SaveChanges of one row every <c>interval</c>, the way
/// training progress, sign-ins and annotations write. Records how long each write waited, and any that failed.</summary>
internal sealed class ConcurrentWriter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _waits = [];
    private readonly List<string> _failures = [];
    private readonly Task _loop;

    private ConcurrentWriter(NewsDbContext context, DatasetImport row, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                row.RowsRead++;
                var started = Stopwatch.StartNew();
                try { await context.SaveChangesAsync(); }
                catch (Exception e) { _failures.Add(e.Message); }
                _waits.Add(started.Elapsed.TotalMilliseconds);
                try { await Task.Delay(interval, _stop.Token); }
                catch (OperationCanceledException) { }
            }
            await context.DisposeAsync();
        });
    }

    public static async Task<ConcurrentWriter> StartAsync(IServiceProvider services, TimeSpan interval)
    {
        var context = await services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var row = new DatasetImport { DatasetName = "concurrent-writer", Source = "benchmark", SourceKind = ImportSourceKind.Upload, State = ImportState.Running };
        context.DatasetImports.Add(row);
        await context.SaveChangesAsync();
        return new ConcurrentWriter(context, row, interval);
    }

    /// <summary>Stops the loop and describes the writes: count, failures, p50/p99/max wait.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var waits = _waits.Order().ToList();
        if (waits.Count == 0) return "concurrent writer: no writes";
        double Percentile(double p) => waits[Math.Min(waits.Count - 1, (int)(p * waits.Count))];
        return $"concurrent writer: {waits.Count} writes, {_failures.Count} failed{(_failures.Count > 0 ? $" (first: {_failures[0]})" : "")}; " +
               $"wait p50 {Percentile(0.5):F1} ms, p99 {Percentile(0.99):F1} ms, max {waits[^1]:F1} ms";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
