using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>Echoes training runs' log lines (epoch summaries, outcome) to the logger (stderr) as the in-process
/// <see cref="Notifier{T}"/> of <see cref="RunProgress"/> publishes them, until disposed.</summary>
internal sealed class RunLogEcho : IDisposable
{
    private readonly Notifier<RunProgress> notifier;
    private readonly ILogger logger;
    private readonly Func<int, bool> echoes;

    /// <param name="echoes">Which runs to echo (all when null: the one run this process trains).</param>
    public RunLogEcho(Notifier<RunProgress> notifier, ILogger logger, Func<int, bool>? echoes = null)
    {
        this.notifier = notifier;
        this.logger = logger;
        this.echoes = echoes ?? (_ => true);
        notifier.Changed += Echo;
    }

    private void Echo(RunProgress progress)
    {
        if (!echoes(progress.RunId)) return;
        foreach (var entry in progress.NewLog) logger.LogInformation("Run {RunId}: {Message}", progress.RunId, entry.Message);
    }

    public void Dispose() => notifier.Changed -= Echo;
}
