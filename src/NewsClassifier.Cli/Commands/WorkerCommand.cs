using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Data.Storage;
using NewsClassifier.Jobs;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>worker [--queues training,default] [--workers N]</c>: runs Hangfire servers on the shared PostgreSQL job storage
/// until Ctrl+C or SIGTERM, with the application's services and no web UI (<see cref="WorkerHost"/>). Either signal
/// stops it gracefully: a run in progress stops after its current step, goes back to the queue and resumes from its last
/// complete epoch on whichever worker takes it next. A worker on a machine built with <c>-p:TorchBackend=cuda</c> trains on
/// its GPU. Refuses SQLite: its job storage lives in one process's memory, so a worker could never see the web app's jobs.
/// Exit code 0 after a graceful stop, 2 for a bad option or SQLite.
/// </summary>
public sealed class WorkerCommand(IConfiguration configuration, DatabaseTarget target, CliConsole console, CliSignals signals) : ICliCommand
{
    public const string SqliteRefusal =
        "worker needs the shared database: set Storage:Provider=postgres and ConnectionStrings:NewsClassifier (the same as the web nodes', " +
        "migrated with `newsclassifier migrate`). With the embedded SQLite default jobs live in the web app's memory, and the web app trains them itself.";

    public Command Create()
    {
        var queues = new Option<string?>("--queues", "-q")
        {
            Description = $"Comma-separated queues to take jobs from: training, default, webhooks (default: {string.Join(",", WorkerQueues.DefaultQueues)}).",
        };
        var workers = new Option<int?>("--workers", "-w")
        {
            Description = "Jobs run at once on each queue served (default: Jobs:TrainingWorkers / Jobs:DefaultWorkers / Jobs:WebhookWorkers, at least 1). " +
                          "One training worker per GPU.",
        };
        var command = new Command("worker", "Run background jobs (training, imports) from the shared PostgreSQL queues until Ctrl+C or SIGTERM, without the web UI.")
        {
            queues, workers,
        };
        command.SetAction(async (parse, _) =>
        {
            if (target.IsSqlite)
            {
                await console.Error.WriteLineAsync($"error: {SqliteRefusal}");
                return 2;
            }
            var (served, error) = WorkerQueues.Parse(parse.GetValue(queues), parse.GetValue(workers));
            if (served is null)
            {
                await console.Error.WriteLineAsync($"error: {error}");
                return 2;
            }
            return await RunAsync(served);
        });
        return command;
    }

    private async Task<int> RunAsync(WorkerQueues served)
    {
        var configured = configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        using var host = WorkerHost.Build(configuration, served, configured);
        // Like a PostgreSQL web node, a worker never migrates: `migrate` runs once, before any node starts.
        await host.Services.GetRequiredService<DatabaseMigrator>().EnsureMigratedAsync(signals.Any);
        await host.StartAsync(signals.Any);
        var torch = TorchRuntime.Info;
        await console.Out.WriteLineAsync(
            $"Worker ready: {string.Join(", ", served.Queues.Select(q => $"{q} ({served.WorkersOn(q, configured)} at once)"))}; " +
            $"device {torch.Device}, {torch.Threads} thread(s). Ctrl+C or SIGTERM stops it; a run in progress goes back to the queue.");
        try
        {
            await Task.Delay(Timeout.Infinite, signals.Any);
        }
        catch (OperationCanceledException)
        {
        }
        await console.Out.WriteLineAsync("Worker stopping: jobs in progress go back to their queues.");
        await host.StopAsync(CancellationToken.None);
        await console.Out.WriteLineAsync("Worker stopped.");
        return 0;
    }
}
