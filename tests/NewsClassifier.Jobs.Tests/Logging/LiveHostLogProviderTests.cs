using Microsoft.Extensions.Logging;
using NewsClassifier.Jobs.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace NewsClassifier.Jobs.Tests.Logging;

public sealed class LiveHostLogProviderTests
{
    [Fact]
    public void Messages_go_to_the_newest_live_host_and_back_to_the_older_one_when_it_is_disposed()
    {
        var older = new CapturingProvider();
        var newer = new CapturingProvider();
        using var olderFactory = LoggerFactory.Create(b => b.AddProvider(older));
        using var olderAttachment = new LiveHostLogProvider.HostAttachment(olderFactory);
        var log = olderAttachment.Provider.GetLogger("probe"); // taken once and kept, as Hangfire's cached attributes do

        using (var newerFactory = LoggerFactory.Create(b => b.AddProvider(newer)))
        using (new LiveHostLogProvider.HostAttachment(newerFactory))
        {
            Assert.True(log.Log(HangfireLevel.Warn, () => "while both run"));
        }
        Assert.True(log.Log(HangfireLevel.Error, () => "after the newer host went"));

        Assert.Equal(["probe: while both run"], newer.Messages);
        Assert.Equal(["probe: after the newer host went"], older.Messages);
    }

    [Fact]
    public void A_factory_disposed_before_its_host_detached_drops_the_message_instead_of_throwing()
    {
        var factory = LoggerFactory.Create(b => b.AddProvider(new CapturingProvider()));
        using var attachment = new LiveHostLogProvider.HostAttachment(factory);
        factory.Dispose();

        var log = attachment.Provider.GetLogger("probe");

        Assert.False(log.Log(HangfireLevel.Error, () => "nobody left to read this"));
    }

    [Fact]
    public void Is_enabled_questions_are_answered_by_the_host_s_minimum_level()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(new CapturingProvider()).SetMinimumLevel(LogLevel.Warning));
        using var attachment = new LiveHostLogProvider.HostAttachment(factory);
        var log = attachment.Provider.GetLogger("probe");

        Assert.False(log.Log(HangfireLevel.Info, null));
        Assert.True(log.Log(HangfireLevel.Warn, null));
        Assert.False(log.Log(HangfireLevel.Debug, () => "filtered out"));
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

        public void Dispose() { }

        private sealed class Capturing(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Messages) owner.Messages.Add($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
