using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Outbound;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>import &lt;path-or-url&gt; --name NAME [--format ...] [--title-column X --text-column Y --label-column Z]
/// [--labels gold|suggestions|ignore] [--label-names A,B,...] [--clean-text true|false] [--json]</c>:
/// imports a file (URLs are downloaded to the staging folder first, resuming an earlier partial download)
/// into a new dataset. Exit code 0 on success, 1 when nothing was imported (reasons on stderr, or in the JSON).
/// </summary>
public sealed class ImportCommand(
    DatasetImporter importer, FileDownloader downloader, OutboundGuard outbound, DataPaths paths, CliConsole console, ILogger<ImportCommand> logger) : ICliCommand
{
    private const int ProblemsPrinted = 100;
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, ImportFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = ImportFormat.Auto, ["agnews"] = ImportFormat.AgNews, ["kaggle"] = ImportFormat.Kaggle,
        ["csv"] = ImportFormat.Csv, ["tsv"] = ImportFormat.Tsv, ["jsonl"] = ImportFormat.Jsonl,
    };

    private static readonly Dictionary<string, FileLabelUse> LabelUses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gold"] = FileLabelUse.Gold, ["suggestions"] = FileLabelUse.Suggestions, ["ignore"] = FileLabelUse.Ignore,
    };

    public Command Create()
    {
        var source = new Argument<string>("path-or-url") { Description = "A CSV, TSV or JSONL file, or an http(s) URL to download first." };
        var name = new Option<string>("--name", "-n") { Description = "Name of the new dataset (must not exist yet).", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "File format.", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong(Formats.Keys.ToArray());
        var header = new Option<bool?>("--header") { Description = "Whether the first row is a header (detected when omitted)." };
        var title = new Option<string?>("--title-column") { Description = "Column (header name, or 1-based number) holding the title." };
        var text = new Option<string?>("--text-column") { Description = "Column holding the text." };
        var label = new Option<string?>("--label-column") { Description = "Column holding the label (omit for unlabeled articles)." };
        var labelNames = new Option<string?>("--label-names")
        {
            Description = "The label set in class order, comma-separated; other label values are refused. For a file without labels, the classes the new dataset starts with.",
        };
        var labels = new Option<string>("--labels")
        {
            Description = "What to do with the file's labels: keep them as gold labels, keep them as suggestions for annotators, or ignore them. The label set is made from the file's label names in every case.",
            DefaultValueFactory = _ => "gold",
        };
        labels.AcceptOnlyFromAmong(LabelUses.Keys.ToArray());
        var cleanText = new Option<bool>("--clean-text")
        {
            Description = "Decode HTML entities (also AG News's broken '#39;'), the tags they spell and backslash escapes; the file's text is kept when this changes it. --clean-text false stores the text as it is.",
            DefaultValueFactory = _ => true,
        };
        var description = new Option<string?>("--description") { Description = "A description stored with the dataset." };
        var json = new Option<bool>("--json") { Description = "Print the result as a JSON object on stdout (also on failure)." };

        var command = new Command("import", "Import a file or URL into a new dataset (all or nothing).")
        {
            source, name, format, header, title, text, label, labelNames, labels, cleanText, description, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            var datasetName = parse.GetRequiredValue(name);
            var input = parse.GetRequiredValue(source);
            ColumnMapping? mapping = null;
            if (parse.GetValue(title) is not null || parse.GetValue(text) is not null || parse.GetValue(label) is not null)
                mapping = new ColumnMapping(parse.GetValue(title), parse.GetValue(text), parse.GetValue(label));
            var names = parse.GetValue(labelNames)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var spec = new ImportSpec(Formats[parse.GetValue(format) ?? "auto"], parse.GetValue(header), mapping, names,
                parse.GetValue(cleanText), LabelUses[parse.GetValue(labels) ?? "gold"]);

            string path;
            try
            {
                path = await ResolveSourceAsync(input, cancellationToken);
            }
            catch (DownloadException e)
            {
                return await FailAsync(asJson, datasetName, e.Message);
            }

            var result = await importer.ImportAsync(
                new ImportRequest(path, datasetName, spec, input, parse.GetValue(description)), new LoggingProgress(logger), cancellationToken);
            if (asJson)
                await console.Out.WriteLineAsync(CliJson.Serialize(new { datasetName, source = input, result.Succeeded, result.DatasetId,
                    result.ArticleCount, result.LabelledCount, result.SuggestedCount, result.CleanedCount, labels = spec.FileLabels, spec.CleanText,
                    result.PerClass, result.Message, result.Report }));
            else if (result.Succeeded)
                await PrintSuccessAsync(datasetName, result);
            if (!result.Succeeded) await PrintProblemsAsync(result);
            return result.Succeeded ? 0 : 1;
        });
        return command;
    }

    private async Task<string> ResolveSourceAsync(string input, CancellationToken cancellationToken)
    {
        if (input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var url = new Uri(input);
            // Before the URL is logged: one with credentials is refused, never written anywhere.
            try { await outbound.CheckUrlAsync(url, cancellationToken); }
            catch (OutboundRefusedException e) { throw new DownloadException(e.Message, e); }
            // A stable name per URL, so running the command again resumes an interrupted download.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..12];
            var fileName = Path.GetFileName(url.LocalPath) is { Length: > 0 } n ? n : "download";
            var destination = Path.Combine(paths.StagingDirectory, $"url-{hash}-{fileName}");
            logger.LogInformation("Downloading {Url} to {Path}", url, destination);
            var stopwatch = Stopwatch.StartNew();
            var lastLog = TimeSpan.Zero;
            var bytes = await downloader.DownloadAsync(url, destination, new InlineProgress<DownloadProgress>(p =>
            {
                if (stopwatch.Elapsed - lastLog < LogInterval) return;
                lastLog = stopwatch.Elapsed;
                logger.LogInformation("Downloaded {Done:N0}{Total} bytes", p.BytesDone, p.BytesTotal is { } t ? $" of {t:N0}" : "");
            }), cancellationToken);
            logger.LogInformation("Downloaded {Bytes:N0} bytes in {Seconds:F1} s", bytes, stopwatch.Elapsed.TotalSeconds);
            return destination;
        }
        if (input.Contains("://", StringComparison.Ordinal))
            throw new DownloadException($"Only http and https URLs can be downloaded: {input}");
        return Path.GetFullPath(input);
    }

    private async Task PrintSuccessAsync(string name, ImportResult result)
    {
        var output = console.Out;
        await output.WriteLineAsync($"Imported dataset '{name}' (id {result.DatasetId}): {result.ArticleCount:N0} articles, {result.LabelledCount:N0} labeled" +
                                    (result.SuggestedCount > 0 ? $", {result.SuggestedCount:N0} with the file's label as a suggestion." : "."));
        if (result.CleanedCount > 0)
            await output.WriteLineAsync($"Decoded entities and escapes in {result.CleanedCount:N0} articles (their file text is kept).");
        foreach (var c in result.PerClass) await output.WriteLineAsync($"  {c.Name,-20} {c.Count,10:N0}");
        if (result.Report.DuplicateCount > 0)
        {
            var conflicting = result.Report.Duplicates.Count(d => d.DifferentLabel);
            await output.WriteLineAsync($"Skipped {result.Report.DuplicateCount:N0} exact duplicate(s)" +
                                        (conflicting > 0 ? $" ({conflicting:N0} listed with a different label)." : "."));
        }
    }

    private async Task PrintProblemsAsync(ImportResult result)
    {
        var error = console.Error;
        await error.WriteLineAsync($"error: {result.Message}");
        foreach (var p in result.Report.Problems.Take(ProblemsPrinted)) await error.WriteLineAsync($"  line {p.Row}: {p.Reason}");
        if (result.Report.ProblemCount > ProblemsPrinted)
            await error.WriteLineAsync($"  ... and {result.Report.ProblemCount - ProblemsPrinted:N0} more (use --json for the first {ImportReport.MaxListed:N0}).");
    }

    private async Task<int> FailAsync(bool asJson, string datasetName, string message)
    {
        if (asJson) await console.Out.WriteLineAsync(CliJson.Serialize(new { datasetName, succeeded = false, message }));
        await console.Error.WriteLineAsync($"error: {message}");
        return 1;
    }

    /// <summary>Logs import progress every few seconds (the importer reports up to ten times a second).</summary>
    private sealed class LoggingProgress(ILogger logger) : IProgress<ImportProgress>
    {
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
        private TimeSpan _last;
        private bool _started;

        public void Report(ImportProgress value)
        {
            if (value.Phase is ImportPhases.Committing or ImportPhases.Done) return; // the importer logs the outcome
            // The first report (the dataset row is written, the transaction open) and then every few seconds.
            if (value.Phase == ImportPhases.Reading && _started && _stopwatch.Elapsed - _last < LogInterval) return;
            _started = true;
            _last = _stopwatch.Elapsed;
            logger.LogInformation("{Phase}: {Rows:N0} rows, {Percent:F0}% of the file", value.Phase, value.RowsRead,
                value.BytesTotal > 0 ? 100.0 * value.BytesRead / value.BytesTotal : 0);
        }
    }

    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
