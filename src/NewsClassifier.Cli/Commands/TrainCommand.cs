using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Data;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>train --dataset NAME --recipe RECIPE [--epochs N] [--set key=value]... [--name TEXT] [--tags a,b] [--json]</c>: records a run and trains it
/// in this process with the web app's job code (<see cref="RunTrainer"/>), so the run, its curves, log and model
/// appear in the Experiments pages like any other. <c>train --resume RUN</c> trains a queued or interrupted run
/// instead, from its last complete epoch when it has a checkpoint. Progress goes to stderr; Ctrl+C stops the run after
/// its current step and records it as cancelled; SIGTERM (a service manager, a deploy) stops it the same way but puts it
/// back to the queue, resumable. Exit code 0 when the run succeeded, 1 when it was refused or failed, 130 when
/// cancelled, 143 when stopped by SIGTERM and queued.
/// </summary>
public sealed class TrainCommand(IServiceScopeFactory scopes, CliTorch torch, CliConsole console, CliSignals signals, ILogger<TrainCommand> logger) : ICliCommand
{
    public Command Create()
    {
        var dataset = new Option<string>("--dataset", "-d") { Description = "Name of the dataset to train on (see: datasets); required unless --resume." };
        var recipe = ParameterOptions.Recipe();
        recipe.Required = false; // not with --resume; checked below
        var resume = new Option<int?>("--resume")
        {
            Description = "Train this queued or interrupted run (its id) instead of a new one, from its last complete epoch when it has a checkpoint.",
        };
        var epochs = new Option<int?>("--epochs", "-e") { Description = "Passes over the training set (same as --set epochs=N)." };
        var set = ParameterOptions.Set();
        var name = new Option<string?>("--name") { Description = "What the Experiments pages call the run (at most 100 characters; default: run N)." };
        var tags = new Option<string?>("--tags") { Description = "Comma-separated tags, e.g. baseline,long-context." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on stdout (also on failure)." };
        var command = new Command("train", "Train a classifier on a dataset in this process (the web app's training job, no queue).")
        {
            dataset, recipe, epochs, set, name, tags, json, resume,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            if (parse.GetValue(resume) is { } resumeId)
            {
                if (parse.GetValue(dataset) is not null || parse.GetValue(recipe) is not null || parse.GetValue(epochs) is not null || parse.GetValue(set) is { Length: > 0 }
                    || parse.GetValue(name) is not null || parse.GetValue(tags) is not null)
                    return await RefuseAsync(asJson, ["--resume trains the run as it was submitted: it takes no --dataset, --recipe, --epochs, --set, --name or --tags."]);
                return await ResumeAsync(resumeId, asJson, cancellationToken);
            }
            if (parse.GetValue(dataset) is null || parse.GetValue(recipe) is null)
                return await RefuseAsync(asJson, ["--dataset and --recipe are required (or --resume RUN to continue a run)."]);
            var (pairs, errors) = ParameterOptions.Split(parse.GetValue(set));
            if (parse.GetValue(epochs) is { } n) pairs.Add(new("epochs", n.ToString(CultureInfo.InvariantCulture)));
            var recipeName = parse.GetRequiredValue(recipe).Trim();
            if (errors.Count > 0)
            {
                // Report the malformed entries together with whatever else is wrong with the rest.
                errors.AddRange(ParameterOptions.Parse(recipeName, pairs.Select(p => $"{p.Key}={p.Value}")).Errors);
                return await RefuseAsync(asJson, errors);
            }

            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var datasetName = parse.GetRequiredValue(dataset).Trim();
            var found = await services.GetRequiredService<DatasetCatalog>().FindByNameAsync(datasetName, cancellationToken);
            if (found is null)
                return await RefuseAsync(asJson, [$"There is no dataset named '{datasetName}'. List them with: newsclassifier datasets"]);

            var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in pairs) overrides[key] = value; // the last value of a key wins, --epochs last
            TrainingRun run;
            try
            {
                run = await services.GetRequiredService<TrainingRequests>()
                    .CreateRunAsync(new TrainingRequest(found.Id, recipeName, overrides, StartedBy: "cli")
                    {
                        AllowPretrainedFolder = true, Name = parse.GetValue(name), Tags = parse.GetValue(tags),
                    }, cancellationToken);
            }
            catch (TrainingRequestException e)
            {
                return await RefuseAsync(asJson, e.Errors);
            }

            return await TrainAndReportAsync(services, run, asJson);
        });
        return command;
    }

    /// <summary>
    /// <c>--resume RUN</c>: a queued run (stopped by SIGTERM, or never started) or a running one whose process died. A run
    /// another process is training right now is refused inside <see cref="RunTrainer"/> (its lease).
    /// </summary>
    private async Task<int> ResumeAsync(int runId, bool asJson, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        TrainingRun? run;
        await using (var db = await services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        }
        if (run is null)
            return await RefuseAsync(asJson, [$"There is no run {runId}. List runs on the Experiments page."]);
        if (run.IsFinished)
            return await RefuseAsync(asJson, [$"Run {runId} has finished ({run.State.ToString().ToLowerInvariant()}); only a queued or interrupted run can be resumed. Start a new one with --dataset and --recipe."]);
        return await TrainAndReportAsync(services, run, asJson);
    }

    private async Task<int> TrainAndReportAsync(IServiceProvider services, TrainingRun run, bool asJson)
    {
        if (RecipeCatalog.UsesTorch(run.Recipe)) torch.Initialize();
        logger.LogInformation("Run {RunId}: training '{Recipe}' on '{Dataset}' in this process (Ctrl+C cancels, SIGTERM stops it resumable)",
            run.Id, run.Recipe, run.DatasetName);
        await TrainAsync(services, run.Id);
        // The tokens may be cancelled now; the run's final state is read regardless.
        var details = await services.GetRequiredService<RunQueries>().GetAsync(run.Id, CancellationToken.None)
                      ?? throw new InvalidOperationException($"Run {run.Id} disappeared while training.");
        return await ReportAsync(asJson, details);
    }

    /// <summary>Runs the job, echoing its log lines (epoch summaries, outcome) to stderr as the notifier publishes them.</summary>
    private async Task TrainAsync(IServiceProvider services, int runId)
    {
        using var echo = new RunLogEcho(services.GetRequiredService<Notifier<RunProgress>>(), logger, id => id == runId);
        try
        {
            // Ctrl+C is the user cancelling the run: it ends Cancelled. SIGTERM is the process being stopped, as a server
            // is: the run goes back to the queue and resumes from its last complete epoch.
            await services.GetRequiredService<RunTrainer>().TrainAsync(runId, signals.Stop, userCancel: signals.UserCancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job has recorded the run as failed (and logged the stack trace); the report below says so.
        }
    }

    private async Task<int> ReportAsync(bool asJson, RunDetails details)
    {
        var run = details.Run;
        var metrics = details.Evaluation;
        if (asJson)
        {
            await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
            {
                RunId = run.Id,
                run.Name,
                Tags = RunTable.ParseTags(run.Tags),
                run.State,
                Dataset = run.DatasetName,
                run.Recipe,
                Epochs = run.Epoch,
                run.BestEpoch,
                Accuracy = metrics?.Accuracy,
                MacroF1 = metrics?.MacroF1,
                PerClass = metrics is null ? null : CliMetrics.PerClassJson(metrics),
                Confusion = metrics?.ConfusionMatrix,
                DurationSeconds = run.Duration?.TotalSeconds,
                ModelPath = run.ArtifactPath,
                run.StopReason,
                run.Error,
                Parameters = details.Parameters,
            }));
        }
        else if (run.State == RunState.Succeeded && metrics is not null)
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Run {run.Id} succeeded in {run.Duration?.TotalSeconds:F1} s ({run.Epoch} epoch(s), best epoch {run.BestEpoch}); model: {run.ArtifactPath}"));
            await console.Out.WriteLineAsync("Validation:");
            await CliMetrics.WriteAsync(console.Out, metrics);
        }

        switch (run.State)
        {
            case RunState.Succeeded:
                return 0;
            case RunState.Cancelled:
                await console.Error.WriteLineAsync($"Run {run.Id} was cancelled.");
                return 130;
            case RunState.Queued when signals.Stop.IsCancellationRequested:
                await console.Error.WriteLineAsync($"Run {run.Id} was stopped and is queued again; continue it with: newsclassifier train --resume {run.Id}");
                return 143;
            case RunState.Queued or RunState.Running:
                // RunTrainer left it alone: another live process holds the run's lease and trains it.
                await console.Error.WriteLineAsync($"error: run {run.Id} is being trained by another process; this one did nothing.");
                return 1;
            default:
                await console.Error.WriteLineAsync($"error: run {run.Id} {run.State.ToString().ToLowerInvariant()}: {run.Error ?? run.StopReason}");
                return 1;
        }
    }

    private async Task<int> RefuseAsync(bool asJson, IReadOnlyList<string> errors)
    {
        if (asJson) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new { RunId = (int?)null, State = "refused", Errors = errors }));
        await console.Error.WriteLineAsync("error: the run was not started:");
        foreach (var error in errors) await console.Error.WriteLineAsync($"  {error}");
        return 1;
    }
}
