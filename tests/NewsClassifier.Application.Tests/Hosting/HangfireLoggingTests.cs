using Hangfire.Logging;

namespace NewsClassifier.Application.Tests.Hosting;

/// <summary>Hangfire's log provider is one static per process; hosts come and go (a test run, a restart in place).</summary>
public sealed class HangfireLoggingTests
{
    [Fact]
    public async Task Hangfire_still_logs_after_another_host_of_the_process_is_disposed()
    {
        await using var kept = await NewsHost.StartAsync();
        var other = await NewsHost.StartAsync();
        await other.DisposeAsync();

        // What a job's retry attribute does the first time its job type is enqueued: it threw ObjectDisposedException when
        // the static still pointed at the disposed host's logger factory.
        var log = LogProvider.GetLogger("probe");

        Assert.True(log.Log(LogLevel.Error, null)); // forwarded to the host still running, which logs errors
        Assert.True(log.Log(LogLevel.Error, () => "still logging"));
    }
}
