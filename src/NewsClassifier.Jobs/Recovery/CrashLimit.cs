using Microsoft.Extensions.Options;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// Decides whether unfinished work may start again after a restart. Runners count an attempt in the row as the work
/// starts and take it back on a graceful stop, so an unfinished row's count is how often the process died while it ran:
/// at <see cref="JobsOptions.MaxCrashAttempts"/> it is failed with <see cref="Reason"/> instead of queued again.
/// </summary>
internal sealed class CrashLimit(IOptions<JobsOptions> options)
{
    public int MaxAttempts => options.Value.MaxCrashAttempts;

    public bool IsReached(int attempts) => attempts >= MaxAttempts;

    /// <summary>What the row says (and the log repeats) when recovery will not start it again.</summary>
    public string Reason(int attempts) =>
        $"The process stopped {Times(attempts)} while this ran (a crash or running out of memory); it was not started again. " +
        "Check the parameters and the server log.";

    private static string Times(int attempts) => attempts switch { 1 => "once", 2 => "twice", _ => $"{attempts} times" };
}
