using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace NewsClassifier.Jobs.Logging;

/// <summary>
/// Hangfire logs through one static provider per process, while each host has its own <see cref="ILoggerFactory"/>.
/// Hangfire.NetCore points that static at the factory of the last host that configured it, and objects Hangfire caches
/// for the process (a job method's retry attribute, say) ask it for a logger later: once that host is disposed, creating
/// a job in a host still running throws <see cref="ObjectDisposedException"/>. This provider forwards each message to
/// the newest host whose factory is still alive, so a process that starts and stops hosts (tests, a restart in place)
/// keeps logging and enqueueing.
/// </summary>
internal sealed class LiveHostLogProvider : ILogProvider
{
    private static readonly LiveHostLogProvider Instance = new();

    private readonly Lock gate = new();
    private readonly List<ILoggerFactory> live = [];

    private LiveHostLogProvider() { }

    public ILog GetLogger(string name) => new ForwardingLog(this, name);

    private ILogger? Current(string name)
    {
        ILoggerFactory? factory;
        lock (gate) factory = live.Count == 0 ? null : live[^1];
        try
        {
            return factory?.CreateLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return null; // its host is being torn down right now; the message has no one left to read it
        }
    }

    /// <summary>One host's place in the provider, a singleton of its container: attached when Hangfire's configuration
    /// resolves it, detached when the container is disposed (before the factory it depends on).</summary>
    public sealed class HostAttachment : IDisposable
    {
        private readonly ILoggerFactory factory;

        public HostAttachment(ILoggerFactory factory)
        {
            this.factory = factory;
            lock (Instance.gate) Instance.live.Add(factory);
        }

        public ILogProvider Provider => Instance;

        public void Dispose()
        {
            lock (Instance.gate) Instance.live.Remove(factory);
        }
    }

    private sealed class ForwardingLog(LiveHostLogProvider owner, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (owner.Current(name) is not { } logger) return false;
            var level = logLevel switch
            {
                HangfireLevel.Trace => MsLevel.Trace,
                HangfireLevel.Debug => MsLevel.Debug,
                HangfireLevel.Info => MsLevel.Information,
                HangfireLevel.Warn => MsLevel.Warning,
                HangfireLevel.Error => MsLevel.Error,
                _ => MsLevel.Critical,
            };
            if (messageFunc is null) return logger.IsEnabled(level); // Hangfire's "is this level on?" question
            if (!logger.IsEnabled(level)) return false;
            logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
            return true;
        }
    }
}
