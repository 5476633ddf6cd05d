using System.Threading.Channels;
using Npgsql;

namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>
/// Sends this process's notices with <c>pg_notify</c>, in publish order, from one background loop (singleton, PostgreSQL
/// only): a publish never waits for the database, even on a training thread or in a page's event handler. Every notice
/// starts with <see cref="Origin"/> so the listener of this process can drop its own (it raised them already). The
/// loop starts with the first notice (the CLI never starts its host), and disposing waits a little for what is queued,
/// so a command's last notice (a run's final state) still leaves before the process ends.
/// </summary>
public sealed class NoticeSender(DatabaseTarget target, ILogger<NoticeSender> logger) : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan DrainOnDispose = TimeSpan.FromSeconds(5);

    private readonly Channel<(string Channel, string Text)> _queue = Channel.CreateUnbounded<(string, string)>(new() { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _loop;

    /// <summary>Names this process among those on the database (fresh per start, so a restart is a new origin).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N")[..12];

    public void Send(string channel, string text)
    {
        if (text.Length > NoticeText.MaxLength)
            throw new ArgumentException($"A notice on {channel} is {text.Length} characters; at most {NoticeText.MaxLength} (ids only).", nameof(text));
        if (!_queue.Writer.TryWrite((channel, $"{Origin}{NoticeText.Separator}{text}")) || _loop is not null) return;
        lock (_gate) _loop ??= Task.Run(() => SendAllAsync(_queue.Reader, target, logger));
    }

    private static async Task SendAllAsync(ChannelReader<(string Channel, string Text)> queue, DatabaseTarget database, ILogger log)
    {
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await foreach (var (channel, text) in queue.ReadAllAsync())
        {
            try
            {
                await using var command = source.CreateCommand("SELECT pg_notify($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = channel });
                command.Parameters.Add(new NpgsqlParameter { Value = text });
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e)
            {
                // The change itself is stored: other processes see it when they next read (pages on load); only the live push is lost.
                log.LogWarning(e, "Could not send a notice on {Channel}; other processes see the change at their next read", channel);
            }
        }
    }

    /// <summary>Stops taking notices and waits up to <see cref="DrainOnDispose"/> for the queued ones (sync too: the CLI
    /// disposes its host synchronously).</summary>
    public void Dispose()
    {
        if (StopTaking() is { } loop && !loop.Wait(DrainOnDispose)) ReportUnsent();
    }

    public async ValueTask DisposeAsync()
    {
        if (StopTaking() is not { } loop) return;
        try
        {
            await loop.WaitAsync(DrainOnDispose);
        }
        catch (TimeoutException)
        {
            ReportUnsent();
        }
    }

    private Task? StopTaking()
    {
        _queue.Writer.TryComplete();
        lock (_gate) return _loop;
    }

    private void ReportUnsent() => logger.LogWarning("Notices still queued after {Seconds} s at shutdown were not sent", DrainOnDispose.TotalSeconds);
}
