using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>pretrained import --hub ID [--revision R] [--hub-url U] | --path FOLDER | --zip FILE [--name N] [--json]</c> and
/// <c>pretrained list [--json]</c>: imports a Hugging Face BERT checkpoint with the web app's code, in this process
/// (progress on stderr), and lists the imported ones. An interrupted hub download resumes when the import is run again
/// under the same name (the failed entry is retried).
/// </summary>
public sealed class PretrainedCommand(IServiceScopeFactory scopes, CliTorch torch, CliConsole console) : ICliCommand
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public Command Create()
    {
        var command = new Command("pretrained", "Import and list pretrained (Hugging Face BERT) checkpoints.") { CreateImport(), CreateList() };
        return command;
    }

    private Command CreateImport()
    {
        var hub = new Option<string?>("--hub") { Description = "A hub model id, e.g. google/bert_uncased_L-4_H-128_A-2." };
        var revision = new Option<string?>("--revision") { Description = "Branch, tag or commit on the hub (default main)." };
        var hubUrl = new Option<Uri?>("--hub-url")
        {
            Description = "The hub's base URL (default: Pretrained:HubBaseUrl, https://huggingface.co).",
            // System.CommandLine has no Uri converter: without this every --hub-url failed with an exception. The value is
            // not echoed back, as it may carry credentials (which PretrainedRequests refuses).
            CustomParser = r =>
            {
                if (r.Tokens.Count == 1 && Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out var url)) return url;
                r.AddError("--hub-url must be an absolute http(s) URL.");
                return null;
            },
        };
        var path = new Option<string?>("--path") { Description = "A model folder on this machine (copied; the original stays)." };
        var zip = new Option<string?>("--zip") { Description = "A zip of a model folder." };
        var name = new Option<string?>("--name", "-n") { Description = "Name to import under (default: the hub id, folder name or zip name)." };
        var json = new Option<bool>("--json") { Description = "Print the checkpoint as a JSON object on stdout (also on failure)." };
        var command = new Command("import", "Import a checkpoint from the hub, a folder or a zip, and validate it.") { hub, revision, hubUrl, path, zip, name, json };
        command.Validators.Add(result =>
        {
            var given = new[] { result.GetValue(hub), result.GetValue(path), result.GetValue(zip) }.Count(v => !string.IsNullOrWhiteSpace(v));
            if (given != 1) result.AddError("Give exactly one of --hub, --path or --zip.");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var scope = scopes.CreateScope();
            var queue = scope.ServiceProvider.GetRequiredService<PretrainedRequests>();
            var queries = scope.ServiceProvider.GetRequiredService<PretrainedQueries>();
            torch.Initialize(); // the safetensors check reads tensors

            var request = new PretrainedRequest
            {
                HubId = parse.GetValue(hub), Revision = parse.GetValue(revision), HubUrl = parse.GetValue(hubUrl),
                Path = parse.GetValue(path), Name = parse.GetValue(name), CreatedBy = "cli",
            };
            int id;
            try
            {
                if (parse.GetValue(zip) is { } zipPath)
                {
                    if (!File.Exists(zipPath)) throw new PretrainedException($"No file at '{zipPath}'.");
                    // Staged as a copy: the importer deletes its staged zip once extracted, and this one is the user's.
                    await using var source = File.OpenRead(zipPath);
                    request = request with { StagedZip = await queue.StageUploadAsync(source, cancellationToken), ZipFileName = Path.GetFileName(zipPath) };
                }
                id = await ExistingFailedAsync(request, queries, queue, cancellationToken) ?? await queue.CreateAsync(request, restrictServerPaths: false, cancellationToken);
            }
            catch (PretrainedException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            var watch = Stopwatch.StartNew();
            var lastPhase = "";
            var progress = new InlineProgress<PretrainedStatus>(s =>
            {
                var phase = s.Phase.Split(' ')[0];
                if (phase == lastPhase && watch.Elapsed < ProgressInterval && !s.IsFinished) return;
                watch.Restart();
                lastPhase = phase;
                var amount = s.BytesTotal > 0 ? $": {s.BytesDone:N0} of {s.BytesTotal:N0} bytes ({100.0 * s.BytesDone / s.BytesTotal:0}%)" : "";
                console.Error.WriteLine($"{s.Name}: {s.Phase}{amount}");
            });
            var row = await scope.ServiceProvider.GetRequiredService<PretrainedImporter>().RunAsync(id, progress, cancellationToken)
                      ?? await queries.GetAsync(id, cancellationToken);
            if (parse.GetValue(json)) await console.Out.WriteLineAsync(CliJson.Serialize(View(row!, queries)));
            if (row!.State != PretrainedState.Ready)
            {
                await console.Error.WriteLineAsync($"error: {row.Error}");
                return 1;
            }
            if (!parse.GetValue(json))
                await console.Out.WriteLineAsync($"{row.Name}: ready, L-{row.NumLayers}/H-{row.HiddenSize}/A-{row.NumHeads}, vocabulary {row.VocabSize:N0}, " +
                                                 $"{row.ParameterCount:N0} parameters, {row.WeightsFormat}, in {queries.FolderPath(row)}");
            return 0;
        });
        return command;
    }

    /// <summary>Running the same import again after a failure retries it (a hub download resumes) instead of refusing the name.</summary>
    private static async Task<int?> ExistingFailedAsync(PretrainedRequest request, PretrainedQueries queries, PretrainedRequests queue, CancellationToken cancellationToken)
    {
        var name = request.Name ?? request.HubId;
        if (name is null || await queries.FindAsync(name, cancellationToken) is not { State: PretrainedState.Failed, SourceKind: PretrainedSourceKind.Hub } failed) return null;
        if (!string.Equals(failed.Source, request.HubId?.Trim(), StringComparison.Ordinal)) return null;
        await queue.MarkForRetryAsync(failed.Id, cancellationToken);
        return failed.Id;
    }

    private Command CreateList()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("list", "List the imported checkpoints.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var scope = scopes.CreateScope();
            var queries = scope.ServiceProvider.GetRequiredService<PretrainedQueries>();
            var rows = await queries.ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.Serialize(rows.Select(r => View(r, queries))));
                return 0;
            }
            if (rows.Count == 0)
            {
                await console.Out.WriteLineAsync("No pretrained checkpoints yet. Import one with: newsclassifier pretrained import --hub google/bert_uncased_L-4_H-128_A-2");
                return 0;
            }
            await console.Out.WriteLineAsync($"{"Id",4}  {"Name",-40} {"L/H/A",-12} {"Vocab",8} {"Parameters",14}  {"Weights",-12} State");
            foreach (var r in rows)
            {
                var shape = r.NumLayers is null ? "-" : $"{r.NumLayers}/{r.HiddenSize}/{r.NumHeads}";
                await console.Out.WriteLineAsync($"{r.Id,4}  {r.Name,-40} {shape,-12} {r.VocabSize,8:N0} {r.ParameterCount,14:N0}  {r.WeightsFormat ?? "-",-12} {r.State}" +
                                                 (r.Error is null ? "" : $": {r.Error}"));
            }
            return 0;
        });
        return command;
    }

    private static object View(PretrainedCheckpoint r, PretrainedQueries queries) => new
    {
        r.Id, r.Name, r.SourceKind, r.Source, r.Revision, r.HubUrl, r.State, r.Error,
        r.NumLayers, r.HiddenSize, r.NumHeads, r.IntermediateSize, r.VocabSize, r.VocabFileTokens, r.MaxPositions,
        r.ParameterCount, r.WeightsFormat, r.TotalBytes, r.LowerCase, r.CreatedAt, r.FinishedAt, r.CreatedBy,
        Path = queries.FolderPath(r),
    };
}
