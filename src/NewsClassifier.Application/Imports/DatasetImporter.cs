using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Data.Search;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Imports a file into a new dataset, all or nothing: the file is streamed once, every row is validated, valid
/// articles are written inside one transaction as they come, and the transaction commits only if no row had a
/// problem (otherwise the rest of the file is still checked so the report is complete, then everything is
/// rolled back). Exact duplicates are skipped and reported; they alone do not fail an import.
/// </summary>
public sealed class DatasetImporter(SqliteConnections connections, ILogger<DatasetImporter> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    public Task<ImportResult> ImportAsync(ImportRequest request, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // SQLite work is synchronous; keep it off the caller's thread (a Blazor circuit or a Hangfire worker).
        return Task.Run(() => Import(request, progress, cancellationToken), cancellationToken);
    }

    private ImportResult Import(ImportRequest request, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var name = request.DatasetName?.Trim() ?? "";
        if (name.Length == 0) return Failure("Give the dataset a name.");
        if (name.Length > Dataset.MaxNameLength) return Failure($"Dataset names have at most {Dataset.MaxNameLength} characters.");

        FileLayout layout;
        ResolvedMapping mapping;
        LabelResolver labels;
        try
        {
            layout = LayoutDetector.Detect(request.Path, request.Spec);
            var mappingWarnings = new List<string>();
            mapping = LayoutDetector.Resolve(layout, ImportFormats.HasFixedLabels(layout.Format)
                ? LayoutDetector.Suggest(layout, mappingWarnings)
                : request.Spec.Mapping ?? LayoutDetector.Suggest(layout, mappingWarnings));
            labels = new LabelResolver(layout.Format, request.Spec.LabelNames);
        }
        catch (ImportException e)
        {
            return Failure(e.Message);
        }

        var stopwatch = Stopwatch.StartNew();
        using var connection = new SqliteConnection(connections.ConnectionString);
        connection.Open();
        if (DatasetExists(connection, name)) return Failure($"A dataset named '{name}' already exists; choose another name.");

        using var source = RecordSource.Open(request.Path, layout, mapping);
        using var writer = ArticleWriter.Begin(connection);
        int datasetId;
        try
        {
            datasetId = writer.CreateDataset(name, request.Description, request.Source, ImportFormats.StoredName(layout.Format), DateTime.UtcNow);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: another import took the name meanwhile
        {
            return Failure($"A dataset named '{name}' already exists; choose another name.");
        }

        var labelIds = new List<long>();
        foreach (var label in labels.Names) labelIds.Add(writer.AddLabel(labelIds.Count, label));

        using var duplicates = new DuplicateDetector();
        var problems = new List<RowProblem>();
        var duplicateRows = new List<DuplicateRow>();
        int rowsRead = 0, problemCount = 0, duplicateCount = 0, articleCount = 0, unlabelled = 0;
        var perOrdinal = new List<int>(labels.Names.Select(_ => 0));
        var lastReport = TimeSpan.Zero;
        void Report(string phase)
        {
            progress?.Report(new ImportProgress(source.BytesRead, source.BytesTotal, rowsRead, phase));
            lastReport = stopwatch.Elapsed;
        }
        Report(ImportPhases.Reading);

        string? notText = null;
        while (TryRead(source, out var record, out notText))
        {
            rowsRead++;
            if ((rowsRead & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stopwatch.Elapsed - lastReport >= ProgressInterval) Report(ImportPhases.Reading);
            }

            var title = record.Title?.Trim() ?? "";
            var text = record.Text?.Trim() ?? "";
            var problem = record.Problem ?? Validate(title, text);
            int? ordinal = null;
            var newLabel = false;
            if (problem is null) labels.TryResolve(record.Label, out ordinal, out newLabel, out problem);
            if (problem is not null)
            {
                if (problemCount++ < ImportReport.MaxListed) problems.Add(new RowProblem(record.Row, problem));
                continue;
            }
            if (newLabel)
            {
                perOrdinal.Add(0);
                if (problemCount == 0) labelIds.Add(writer.AddLabel(ordinal!.Value, labels.Names[ordinal.Value]));
            }
            if (duplicates.IsDuplicate(title, text, record.Row, ordinal, out var firstRow, out var differentLabel))
            {
                if (duplicateCount++ < ImportReport.MaxListed) duplicateRows.Add(new DuplicateRow(record.Row, firstRow, differentLabel));
                continue;
            }
            if (ordinal is { } o) perOrdinal[o]++; else unlabelled++;
            articleCount++;
            if (problemCount > 0) continue; // the import has failed: only finish the report
            writer.AddArticle(record.Row, title, text, ordinal is { } known ? labelIds[known] : null);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (notText is not null) return Failure("Nothing imported: " + notText);

        var report = new ImportReport(rowsRead, problemCount, problems, duplicateCount, duplicateRows);
        var perClass = labels.Names.Select((label, i) => new ClassCount(i, label, perOrdinal[i])).ToList();
        if (unlabelled > 0) perClass.Add(new ClassCount(null, ClassCount.UnlabelledName, unlabelled));
        if (rowsRead == 0)
            return Failure(layout.HasHeader ? "The file has a header but no rows." : "The file has no rows.", report);
        if (problemCount > 0)
        {
            logger.LogInformation("Import of {Name} refused: {Problems} of {Rows} rows have problems", name, problemCount, rowsRead);
            return Failure($"Nothing imported: {problemCount:N0} of {rowsRead:N0} rows have problems.", report);
        }

        Report(ImportPhases.Indexing);
        writer.IndexForSearch();
        cancellationToken.ThrowIfCancellationRequested();
        Report(ImportPhases.Committing);
        var labelled = articleCount - unlabelled;
        writer.Commit(articleCount, labelled);
        Report(ImportPhases.Done);
        logger.LogInformation("Imported {Articles} articles into dataset {Name} ({Id}) in {Seconds:F1} s ({Duplicates} duplicates skipped)",
            articleCount, name, datasetId, stopwatch.Elapsed.TotalSeconds, duplicateCount);
        var message = $"{articleCount:N0} articles imported" + (duplicateCount > 0 ? $"; {duplicateCount:N0} duplicates skipped." : ".");
        return new ImportResult(true, datasetId, articleCount, labelled, perClass, report, message);
    }

    /// <summary>The next record, or false at the end, or false with <paramref name="notText"/> set when the file turns out
    /// not to be valid UTF-8 past the sample the layout was detected from (the transaction is then rolled back).</summary>
    private static bool TryRead(RecordSource source, out SourceRecord record, out string? notText)
    {
        notText = null;
        try
        {
            return source.TryRead(out record);
        }
        catch (DecoderFallbackException e)
        {
            notText = LayoutDetector.NotUtf8(e).Message;
            record = default!;
            return false;
        }
    }

    /// <summary>The row checks every import applies (also used by <see cref="LabelledFileReader"/>).</summary>
    internal static string? Validate(string title, string text)
    {
        if (title.Length == 0 && text.Length == 0) return "Both title and text are empty.";
        if (title.Length > Article.MaxTitleLength)
            return $"The title is {title.Length:N0} characters long; the limit is {Article.MaxTitleLength:N0}.";
        if (text.Length > Article.MaxTextLength)
            return $"The text is {text.Length:N0} characters long; the limit is {Article.MaxTextLength:N0}.";
        return null;
    }

    private static bool DatasetExists(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM Datasets WHERE Name = $name)";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar()) != 0;
    }

    private static ImportResult Failure(string message, ImportReport? report = null) =>
        new(false, null, 0, 0, [], report ?? ImportReport.Empty, message);
}
