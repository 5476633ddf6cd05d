using System.Globalization;
using NewsClassifier.Jobs;

namespace NewsClassifier.Cli.Hosting;

/// <summary>
/// What a <c>worker</c> takes work from: the queues it serves and how many jobs it runs at once on each. Expressed as the
/// Jobs section's per-queue worker counts, so the worker's servers are built by the same code as the web app's; a queue
/// it does not serve gets 0 workers.
/// </summary>
public sealed record WorkerQueues(IReadOnlyList<string> Queues, int? Workers)
{
    /// <summary>Without --queues: training and the default queue (imports, scoring, schedule firings); webhooks stay with the web nodes.</summary>
    public static readonly IReadOnlyList<string> DefaultQueues = [JobQueues.Training, JobQueues.Default];

    private static readonly IReadOnlyList<(string Queue, string Setting)> Known =
    [
        (JobQueues.Training, nameof(JobsOptions.TrainingWorkers)),
        (JobQueues.Default, nameof(JobsOptions.DefaultWorkers)),
        (JobQueues.Webhooks, nameof(JobsOptions.WebhookWorkers)),
    ];

    /// <summary>Reads "--queues training,default"; an error names every unknown queue and the known ones.</summary>
    public static (WorkerQueues? Value, string? Error) Parse(string? queues, int? workers)
    {
        if (workers is < 1 or > 64) return (null, $"--workers must be between 1 and 64, not {workers}.");
        if (string.IsNullOrWhiteSpace(queues)) return (new WorkerQueues(DefaultQueues, workers), null);
        var names = queues.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(q => q.ToLowerInvariant()).Distinct().ToList();
        var unknown = names.Where(q => Known.All(k => k.Queue != q)).ToList();
        if (unknown.Count > 0 || names.Count == 0)
            return (null, $"Unknown queue(s) {string.Join(", ", unknown.Select(q => $"'{q}'"))} in --queues: use a comma-separated list of " +
                          $"{string.Join(", ", Known.Select(k => k.Queue))}.");
        return (new WorkerQueues(names, workers), null);
    }

    /// <summary>The "Jobs:*Workers" settings that give this worker its servers: --workers (or the configured count) on each
    /// queue served, 0 on the others.</summary>
    public IReadOnlyDictionary<string, string?> Settings(JobsOptions configured) => Known.ToDictionary(
        k => $"{JobsOptions.SectionName}:{k.Setting}",
        string? (k) => WorkersOn(k.Queue, configured).ToString(CultureInfo.InvariantCulture));

    /// <summary>How many jobs run at once on <paramref name="queue"/>: a queue served has at least one worker, even where the
    /// shared settings give the web nodes none (Jobs:TrainingWorkers=0).</summary>
    public int WorkersOn(string queue, JobsOptions configured) => Queues.Contains(queue) ? Workers ?? Configured(configured, queue) : 0;

    private static int Configured(JobsOptions configured, string queue) => queue switch
    {
        JobQueues.Training => Math.Max(1, configured.TrainingWorkers),
        JobQueues.Default => Math.Max(1, configured.DefaultWorkers),
        _ => Math.Max(1, configured.WebhookWorkers),
    };
}
