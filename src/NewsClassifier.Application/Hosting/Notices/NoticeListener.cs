using System.Threading.Channels;
using Npgsql;

namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>
/// Hears the other processes' notices (PostgreSQL only): one dedicated connection LISTENs on every registered channel;
/// each notice from another origin is handed, in arrival order, to its channel's <see cref="IRemoteNoticeReceiver"/>
/// (which re-reads the row and raises the local event). Notices from this process are dropped: its subscribers got
/// them when they were published. When the connection drops it reconnects with a doubling wait (logged); notices sent
/// meanwhile are lost, which costs only the live push: every change is stored, and pages start from the stored state.
/// </summary>
public sealed class NoticeListener(
    IEnumerable<IRemoteNoticeReceiver> receivers,
    DatabaseTarget target,
    NoticeSender sender,
    IOptions<NoticeOptions> options,
    ILogger<NoticeListener> logger) : BackgroundService
{
    private readonly Dictionary<string, IRemoteNoticeReceiver> _receivers = receivers.ToDictionary(r => r.Channel, StringComparer.Ordinal);
    private readonly Channel<(string Channel, string Text)> _arrived = Channel.CreateUnbounded<(string, string)>(new() { SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place (at once on SQLite, where there is nothing to hear).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!target.IsPostgres || _receivers.Count == 0)
        {
            _listening.TrySetResult();
            return;
        }
        var dispatch = DispatchAsync(stoppingToken);
        try
        {
            await ListenAsync(stoppingToken);
        }
        finally
        {
            _arrived.Writer.TryComplete();
            await dispatch;
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromSeconds(options.Value.MinReconnectSeconds);
        var longest = TimeSpan.FromSeconds(options.Value.MaxReconnectSeconds);
        // Its own physical connection: a pooled one would carry our LISTENs to whoever takes it next.
        var connectionString = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => _arrived.Writer.TryWrite((e.Channel, e.Payload));
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = string.Concat(_receivers.Keys.Select(channel => $"LISTEN \"{channel}\";"));
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                logger.LogInformation("Listening for other processes' notices on {Channels}", string.Join(", ", _receivers.Keys));
                _listening.TrySetResult();
                wait = TimeSpan.FromSeconds(options.Value.MinReconnectSeconds);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The notice connection failed; reconnecting in {Seconds:0.#} s (live updates from other processes pause meanwhile)",
                    wait.TotalSeconds);
                try
                {
                    await Task.Delay(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, longest.Ticks));
            }
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        await foreach (var (channel, text) in _arrived.Reader.ReadAllAsync(CancellationToken.None))
        {
            int split = text.IndexOf(NoticeText.Separator);
            if (split < 0 || !_receivers.TryGetValue(channel, out var receiver)) continue;
            if (text.AsSpan(0, split).SequenceEqual(sender.Origin)) continue;
            try
            {
                await receiver.ReceiveAsync(text[(split + 1)..], stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A notice on {Channel} ({Notice}) could not be applied", channel, text);
            }
        }
    }
}
