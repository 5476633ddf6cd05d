using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Application.Training;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>schedule add|list|show|run|enable|disable|delete|approve|reject</c>: scheduled retraining without the web app.
/// The CLI has no job system, so cron and new-label triggers only fire in the web app; <c>schedule run</c> fires a
/// schedule now, in this process (challenger trained like <c>train</c>, champion/challenger gate, promotion), and
/// prints the recorded decision. Refusals (bad settings, unknown ids) print each reason and exit 1; any recorded
/// decision, failed or rejected included, exits 0.
/// </summary>
public sealed class ScheduleCommand(IServiceScopeFactory scopes, CliTorch torch, CliConsole console, ILogger<ScheduleCommand> logger) : ICliCommand
{
    private const string User = "cli";

    public Command Create()
    {
        var command = new Command("schedule", "Scheduled retraining with a champion/challenger gate: add, list, show, run now, approve.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Run());
        command.Subcommands.Add(SetEnabled("enable", true, "Enable a schedule (its cron and new-label triggers fire again in the web app)."));
        command.Subcommands.Add(SetEnabled("disable", false, "Disable a schedule (no automatic firings; schedule run still fires it)."));
        command.Subcommands.Add(Delete());
        command.Subcommands.Add(Decide("approve", accept: true));
        command.Subcommands.Add(Decide("reject", accept: false));
        return command;
    }

    private Command Add()
    {
        var name = new Option<string>("--name", "-n") { Description = "The schedule's name (unique).", Required = true };
        var dataset = new Option<string>("--dataset", "-d") { Description = "Name of the dataset to retrain on (see: datasets).", Required = true };
        var recipe = ParameterOptions.Recipe();
        recipe.Required = false; // --from-run brings the run's recipe
        var set = ParameterOptions.Set();
        var fromRun = new Option<int?>("--from-run") { Description = "Copy the recipe and parameters of this run instead of --recipe/--set." };
        var model = new Option<string?>("--model") { Description = "Registered model the schedule feeds (default: the schedule's name)." };
        var cron = new Option<string?>("--cron") { Description = "Cron expression, 5 fields or 6 with seconds, e.g. \"0 2 * * *\" (fires in the web app)." };
        var zone = new Option<string?>("--time-zone") { Description = "Time zone the cron is read in (IANA id; default UTC)." };
        var minLabels = new Option<int?>("--min-new-labels") { Description = "Fire once this many gold labels were added or changed (in the web app)." };
        var fraction = new Option<double?>("--eval-fraction") { Description = "Share of the labeled articles frozen as the evaluation set (default 0.1, at most 0.5)." };
        var evalDataset = new Option<string?>("--eval-dataset") { Description = "Evaluate on this other dataset instead of a share of the training one." };
        var metric = new Option<string?>("--metric") { Description = "Gate metric: accuracy (default) or macro_f1." };
        metric.AcceptOnlyFromAmong("accuracy", "macro_f1");
        var defaults = new GateSettings();
        var minGain = new Option<double?>("--min-gain") { Description = $"Smallest gain in the metric to promote (default {defaults.MinGain.ToString(CultureInfo.InvariantCulture)})." };
        var maxDrop = new Option<double?>("--max-class-drop") { Description = $"Largest fall of any class's F1 allowed (default {defaults.MaxClassDrop.ToString(CultureInfo.InvariantCulture)})." };
        var alpha = new Option<double?>("--alpha") { Description = $"McNemar significance level (default {defaults.Alpha.ToString(CultureInfo.InvariantCulture)}; 1 turns the test off)." };
        var approval = new Option<bool>("--approval") { Description = "A passing challenger goes to staging and waits for schedule approve." };
        var disabled = new Option<bool>("--disabled") { Description = "Save it disabled." };
        var json = JsonOption("Print the saved schedule (with its id) as JSON.");
        var command = new Command("add", "Create a schedule; every check is done before anything is saved.")
        {
            name, dataset, recipe, set, fromRun, model, cron, zone, minLabels, fraction, evalDataset, metric, minGain, maxDrop, alpha, approval, disabled, json,
        };
        command.SetAction((parse, cancellationToken) => RefusingAsync(parse.GetValue(json), async services =>
        {
            var (pairs, errors) = ParameterOptions.Split(parse.GetValue(set));
            if (pairs.Count > 0 && parse.GetValue(fromRun) is not null) errors.Add("--set and --from-run: give parameters one way (--from-run copies the run's).");
            if (errors.Count > 0) throw new ScheduleRequestException(errors);

            // The request takes the evaluation dataset by id; an unknown name is sent as id 0 (no dataset) so the
            // service refuses it together with everything else, and its reason is re-worded with the name.
            int? evaluationId = null;
            var evaluationName = parse.GetValue(evalDataset)?.Trim();
            if (!string.IsNullOrEmpty(evaluationName))
                evaluationId = (await services.GetRequiredService<DatasetCatalog>().FindByNameAsync(evaluationName, cancellationToken))?.Id ?? 0;
            var request = new ScheduleRequest
            {
                Name = parse.GetRequiredValue(name),
                DatasetName = parse.GetRequiredValue(dataset),
                Recipe = parse.GetValue(recipe) ?? "",
                Parameters = pairs.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value),
                ParametersFromRunId = parse.GetValue(fromRun),
                ModelName = parse.GetValue(model),
                Cron = parse.GetValue(cron),
                TimeZone = parse.GetValue(zone),
                MinNewLabels = parse.GetValue(minLabels),
                EvaluationFraction = parse.GetValue(fraction) ?? new ScheduleRequest { Name = "", Recipe = "" }.EvaluationFraction,
                EvaluationDatasetId = evaluationId,
                Gate = new GateSettings
                {
                    Metric = parse.GetValue(metric) == "macro_f1" ? GateMetric.MacroF1 : GateMetric.Accuracy,
                    MinGain = parse.GetValue(minGain) ?? defaults.MinGain,
                    MaxClassDrop = parse.GetValue(maxDrop) ?? defaults.MaxClassDrop,
                    Alpha = parse.GetValue(alpha) ?? defaults.Alpha,
                    NeedsApproval = parse.GetValue(approval),
                },
                Enabled = !parse.GetValue(disabled),
            };
            Schedule schedule;
            try
            {
                schedule = await services.GetRequiredService<ScheduleService>().CreateAsync(request, User, cancellationToken);
            }
            catch (ScheduleRequestException e) when (evaluationId == 0)
            {
                throw new ScheduleRequestException(e.Errors.Select(error => error.StartsWith("evaluation_dataset:", StringComparison.Ordinal)
                    ? $"evaluation_dataset: there is no dataset named '{evaluationName}'." : error).ToList());
            }
            var details = await services.GetRequiredService<ScheduleService>().GetAsync(schedule.Id, cancellationToken);
            if (parse.GetValue(json)) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(ScheduleJson.Schedule(schedule, details!.DatasetName)));
            else
                await console.Out.WriteLineAsync($"Saved schedule {schedule.Id} '{schedule.Name}' ({schedule.Recipe} on {details!.DatasetName}, model {schedule.ModelName}); " +
                                                 (details.NextFirings is [var next, ..] ? $"next firing {next.UtcDateTime:yyyy-MM-dd HH:mm} UTC." : "no timer (fire it with: schedule run " + schedule.Id + ")."));
            return 0;
        }));
        return command;
    }

    private Command List()
    {
        var json = JsonOption("Print a JSON array.");
        var command = new Command("list", "List the schedules with their next firing and last decision.") { json };
        command.SetAction((parse, cancellationToken) => RefusingAsync(parse.GetValue(json), async services =>
        {
            var all = await services.GetRequiredService<ScheduleService>().ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(all.Select(s => new
                {
                    Schedule = ScheduleJson.Schedule(s.Schedule, s.DatasetName),
                    NextFiring = s.NextFiring?.UtcDateTime,
                    LastFiring = s.LastFiring is null ? null : ScheduleJson.Firing(s.LastFiring),
                    s.Running,
                })));
                return 0;
            }
            if (all.Count == 0)
            {
                await console.Out.WriteLineAsync("No schedules yet. Create one with: newsclassifier schedule add --name N --dataset D --recipe R");
                return 0;
            }
            await console.Out.WriteLineAsync($"{"Id",4} {"Name",-24} {"Dataset",-16} {"Recipe",-16} {"Cron",-14} {"Enabled",-7} {"Next (UTC)",-16} Last decision");
            foreach (var s in all)
                await console.Out.WriteLineAsync($"{s.Schedule.Id,4} {s.Schedule.Name,-24} {s.DatasetName,-16} {s.Schedule.Recipe,-16} {s.Schedule.Cron ?? "-",-14} " +
                                                 $"{(s.Schedule.Enabled ? "yes" : "-"),-7} {s.NextFiring?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",-16} " +
                                                 (s.Running ? "running" : s.LastFiring?.Decision is { } d ? ScheduleJson.Name(d) : "-"));
            return 0;
        }));
        return command;
    }

    private Command Show()
    {
        var id = ScheduleId();
        var json = JsonOption("Print the settings, next firings and history as JSON.");
        var command = new Command("show", "A schedule's settings, next five firings (UTC) and firing history, newest first.") { id, json };
        command.SetAction((parse, cancellationToken) => RefusingAsync(parse.GetValue(json), async services =>
        {
            var details = await FindAsync(services, parse.GetValue(id), deleted: true, cancellationToken);
            var s = details.Schedule;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    Schedule = ScheduleJson.Schedule(s, details.DatasetName),
                    details.EvaluationArticles,
                    s.EvaluationHash,
                    NextFirings = details.NextFirings.Select(n => n.UtcDateTime),
                    Firings = details.Firings.Select(ScheduleJson.Firing),
                }));
                return 0;
            }
            var o = console.Out;
            await o.WriteLineAsync($"Schedule {s.Id} '{s.Name}'{(s.Deleted ? " (deleted)" : s.Enabled ? "" : " (disabled)")}: {s.Recipe} on {details.DatasetName} -> model {s.ModelName}");
            await o.WriteLineAsync($"  parameters   {s.ParametersJson}{(s.ParametersFromRunId is { } r ? $" (from run {r})" : "")}");
            await o.WriteLineAsync($"  triggers     cron {s.Cron ?? "-"} ({s.TimeZone}), new labels {s.MinNewLabels?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  gate         {ScheduleJson.Name(s.Gate.Metric)} gain >= {s.Gate.MinGain}, class F1 drop <= {s.Gate.MaxClassDrop}, p < {s.Gate.Alpha}{(s.Gate.NeedsApproval ? ", needs approval" : "")}"));
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  evaluation   {(s.EvaluationDatasetId is { } e ? $"dataset {e}" : $"{s.EvaluationFraction} of the labeled articles")}, {details.EvaluationArticles} frozen"));
            await o.WriteLineAsync("  next firings " + (details.NextFirings.Count == 0 ? "-" : string.Join(", ", details.NextFirings.Select(n => n.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)))));
            await o.WriteLineAsync(details.Firings.Count == 0 ? "No firings yet." : "History (newest first):");
            foreach (var f in details.Firings) await WriteFiringAsync(f);
            return 0;
        }));
        return command;
    }

    private Command Run()
    {
        var id = ScheduleId();
        var json = JsonOption("Print the decision as one JSON object.");
        var command = new Command("run", "Fire a schedule now in this process: train a challenger, apply the gate, print the decision.") { id, json };
        command.SetAction((parse, cancellationToken) => RefusingAsync(parse.GetValue(json), async services =>
        {
            var scheduleId = parse.GetValue(id);
            var details = await FindAsync(services, scheduleId, deleted: false, cancellationToken);
            if (RecipeCatalog.UsesTorch(details.Schedule.Recipe)) torch.Initialize();
            logger.LogInformation("Schedule {ScheduleId} '{Name}': firing now in this process (Ctrl+C cancels)", scheduleId, details.Schedule.Name);
            ScheduleFiring firing;
            using (new RunLogEcho(services.GetRequiredService<Notifier<RunProgress>>(), logger))
                firing = await services.GetRequiredService<ScheduleFirer>().FireAsync(scheduleId, FiringTrigger.Manual, User, cancellationToken);
            if (parse.GetValue(json)) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(ScheduleJson.Firing(firing)));
            else await WriteFiringAsync(firing);
            if (firing.State != FiringState.Interrupted) return 0;
            await console.Error.WriteLineAsync($"Firing {firing.Id} was interrupted before it decided.");
            return 130;
        }));
        return command;
    }

    private Command SetEnabled(string verb, bool enabled, string description)
    {
        var id = ScheduleId();
        var command = new Command(verb, description) { id };
        command.SetAction((parse, cancellationToken) => RefusingAsync(false, async services =>
        {
            var schedule = await services.GetRequiredService<ScheduleService>().SetEnabledAsync(parse.GetValue(id), enabled, cancellationToken);
            await console.Out.WriteLineAsync($"Schedule {schedule.Id} '{schedule.Name}' is {(enabled ? "enabled" : "disabled")}.");
            return 0;
        }));
        return command;
    }

    private Command Delete()
    {
        var id = ScheduleId();
        var command = new Command("delete", "Delete a schedule (its firing history and the runs it trained stay).") { id };
        command.SetAction((parse, cancellationToken) => RefusingAsync(false, async services =>
        {
            await services.GetRequiredService<ScheduleService>().DeleteAsync(parse.GetValue(id), cancellationToken);
            await console.Out.WriteLineAsync($"Schedule {parse.GetValue(id)} deleted.");
            return 0;
        }));
        return command;
    }

    private Command Decide(string verb, bool accept)
    {
        var firingId = new Argument<long>("firingId") { Description = "The firing waiting for approval (see: schedule show)." };
        var text = accept
            ? new Option<string?>("--note") { Description = "Why it is approved (recorded on the firing)." }
            : new Option<string?>("--reason") { Description = "Why the challenger is rejected (required).", Required = true };
        var command = new Command(verb, accept
            ? "Approve a challenger waiting on staging: production moves to it."
            : "Reject a challenger waiting on staging: production stays.") { firingId, text };
        command.SetAction((parse, cancellationToken) => RefusingAsync(false, async services =>
        {
            var firing = await services.GetRequiredService<ScheduleApprovals>().DecideAsync(parse.GetValue(firingId), accept, User, parse.GetValue(text), cancellationToken);
            await WriteFiringAsync(firing);
            return 0;
        }));
        return command;
    }

    private async Task WriteFiringAsync(ScheduleFiring f)
    {
        var o = console.Out;
        await o.WriteLineAsync($"Firing {f.Id} ({ScheduleJson.Name(f.Trigger)}, by {f.StartedBy}, {ScheduleJson.Utc(f.StartedAt):yyyy-MM-dd HH:mm:ss}Z, " +
                               string.Create(CultureInfo.InvariantCulture, $"{f.Duration?.TotalSeconds:F1} s): ") +
                               (f.Decision is { } d ? ScheduleJson.Name(d) : ScheduleJson.Name(f.State)));
        await o.WriteLineAsync($"  {f.Reason}");
        if (f.RunId is not null || f.Champion is not null || f.Challenger is not null)
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  run {f.RunId?.ToString(CultureInfo.InvariantCulture) ?? "-"}, champion {f.Champion ?? "-"}, challenger {f.Challenger ?? "-"}, p {f.PValue?.ToString("G4", CultureInfo.InvariantCulture) ?? "-"}"));
        foreach (var (who, score) in new (string, EvaluationScore?)[] {("champion", ScheduleJson.Metrics(f.ChampionMetricsJson)), ("challenger", ScheduleJson.Metrics(f.ChallengerMetricsJson)) })
            if (score is not null)
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {who,-10} accuracy {score.Accuracy:F4}, macro_f1 {score.MacroF1:F4} on {score.Articles} articles"));
    }

    private static Argument<int> ScheduleId() => new("id") { Description = "The schedule's id (see: schedule list)." };

    /// <summary>The schedule's details; refused when there is none (or, unless <paramref name="deleted"/>, it is deleted).</summary>
    private static async Task<ScheduleDetails> FindAsync(IServiceProvider services, int id, bool deleted, CancellationToken cancellationToken) =>
        await services.GetRequiredService<ScheduleService>().GetAsync(id, cancellationToken) is { } details && (deleted || !details.Schedule.Deleted)
            ? details
            : throw new ScheduleRequestException([$"There is no schedule number {id}."]);

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    /// <summary>Runs the action in a scope; a refused request prints each reason on stderr (and as JSON with --json), exit 1.</summary>
    private async Task<int> RefusingAsync(bool asJson, Func<IServiceProvider, Task<int>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            return await action(scope.ServiceProvider);
        }
        catch (ScheduleRequestException e)
        {
            if (asJson) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new { Id = (int?)null, State = "refused", e.Errors }));
            foreach (var error in e.Errors) await console.Error.WriteLineAsync($"error: {error}");
            return 1;
        }
    }
}
