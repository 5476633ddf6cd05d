namespace NewsClassifier.Application.Leases;

/// <summary>
/// A held lease: renews it on a timer through its own context (so a long training step or an evaluation does not let it
/// lapse), and fires <see cref="Lost"/> when another process has taken it over, after which the work must stop and write
/// nothing more. Disposing stops the timer and releases the lease if it is still held.
/// </summary>
public sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly WorkLeases _leases;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    internal LeaseHeartbeat(WorkLeases leases, string kind, int workId, TimeSpan interval, TimeProvider clock, ILogger logger)
    {
        _leases = leases;
        _logger = logger;
        Kind = kind;
        WorkId = workId;
        _loop = Task.Run(() => RenewLoopAsync(interval, clock));
    }

    public string Kind { get; }
    public int WorkId { get; }

    /// <summary>Fires once another process holds the lease: the work stops at its next step and writes nothing more.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    private async Task RenewLoopAsync(TimeSpan interval, TimeProvider clock)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (await _leases.RenewAsync(Kind, WorkId, _stop.Token)) continue;
                    _logger.LogWarning("Lost the {Kind} lease of {WorkId}: another process holds it now; this one stops and writes nothing more", Kind, WorkId);
                    _lost.Cancel();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy database or a brief outage: try again at the next tick, the lease lasts several of them.
                    _logger.LogWarning(e, "Could not renew the {Kind} lease of {WorkId}; retrying", Kind, WorkId);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        if (!IsLost)
        {
            try { await _leases.ReleaseAsync(Kind, WorkId, CancellationToken.None); }
            catch (Exception e)
            {
                // It expires on its own; recovery treats it as free once it does.
                _logger.LogWarning(e, "Could not release the {Kind} lease of {WorkId}", Kind, WorkId);
            }
        }
        _stop.Dispose(); // _lost stays readable: the caller checks IsLost after the work ends
    }
}
