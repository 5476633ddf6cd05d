using System.Diagnostics;
using System.Text;
using System.Data.Common;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Data.Bulk;
using NewsClassifier.Data.Sql;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Imports a file into a new dataset, all or nothing: the file is streamed once, every row is validated, and valid
/// articles are written in short batches (<see cref="IArticleWriter"/>, the provider's) into a dataset that stays Importing, invisible
/// to everyone, until the last batch makes it Ready. After a problem row the rest of the file is still checked so the
/// report is complete; a problem, a cancel or an error deletes what was written (<see cref="PartialDatasets"/>).
/// Exact duplicates are skipped and reported; they alone do not fail an import.
/// </summary>
public sealed class DatasetImporter(DatabaseDialect dialect, ILogger<DatasetImporter> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    public Task<ImportResult> ImportAsync(ImportRequest request, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The raw-SQL work is synchronous; keep it off the caller's thread (a Blazor circuit or a Hangfire worker).
        return Task.Run(() => Import(request, progress, cancellationToken), cancellationToken);
    }

    private ImportResult Import(ImportRequest request, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var name = request.DatasetName?.Trim() ?? "";
        if (name.Length == 0) return Failure("Give the dataset a name.");
        if (name.Length > Dataset.MaxNameLength) return Failure($"Dataset names have at most {Dataset.MaxNameLength} characters.");

        FileLayout layout;
        ResolvedMapping mapping;
        RowChecker checker;
        try
        {
            layout = LayoutDetector.Detect(request.Path, request.Spec);
            var mappingWarnings = new List<string>();
            mapping = LayoutDetector.Resolve(layout, ImportFormats.HasFixedLabels(layout.Format)
                ? LayoutDetector.Suggest(layout, mappingWarnings)
                : request.Spec.Mapping ?? LayoutDetector.Suggest(layout, mappingWarnings));
            checker = new RowChecker(new LabelResolver(layout.Format, request.Spec.LabelNames), request.Spec.CleanText, request.Spec.FileLabels);
        }
        catch (ImportException e)
        {
            return Failure(e.Message);
        }

        var stopwatch = Stopwatch.StartNew();
        using var connection = dialect.Open();
        // Holding the name's lock makes any Importing dataset of that name a dead import's leftover (a crash, kill -9 of
        // the web app or the CLI): it goes first. Without the lock another process is importing this name right now.
        using var nameLock = dialect.TryLock(ImportNames.LockScope, name);
        if (nameLock is null) return Failure(PartialDatasets.BeingImported(name));
        var leftovers = PartialDatasets.Named(connection, name);
        if (request.ImportId is { } importId) leftovers.AddRange(PartialDatasets.OfImport(connection, importId).Except(leftovers));
        foreach (var partial in leftovers)
        {
            var removed = PartialDatasets.Delete(dialect, connection, partial);
            logger.LogInformation("Deleted the partial dataset {Id} ({Articles} articles) an interrupted import of '{Name}' left", partial, removed, LogText.Safe(name));
        }
        // A retry after a crash that came after the last batch: the dataset is complete and there is nothing left to do.
        if (request.ImportId is { } retried && FinishedEarlier(connection, retried) is { } finished) return finished;
        if (NameTaken(connection, name) is { } taken) return Failure(taken);

        using var source = RecordSource.Open(request.Path, layout, mapping);
        using var writer = dialect.BeginArticleWriter(connection);
        try
        {
            writer.CreateDataset(name, request.Description, request.Source, ImportFormats.StoredName(layout.Format), DateTime.UtcNow, request.ImportId);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e)) // another import took the name meanwhile
        {
            return Failure(NameTaken(connection, name) ?? $"A dataset named '{name}' already exists; choose another name.");
        }

        var completed = false;
        try
        {
            var result = Write(writer, source, layout.HasHeader, checker, request.Spec.FileLabels, progress, stopwatch, cancellationToken);
            completed = result.Succeeded;
            if (completed) dialect.AfterBulkWrite(connection);
            if (completed)
                logger.LogInformation("Imported {Articles} articles into dataset {Name} ({Id}) in {Seconds:F1} s ({Duplicates} duplicates skipped; {Batches} batches, longest {Longest:F0} ms)",
                    result.ArticleCount, LogText.Safe(name), writer.DatasetId, stopwatch.Elapsed.TotalSeconds, result.Report.DuplicateCount, writer.BatchesWritten, writer.LongestBatch.TotalMilliseconds);
            else if (result.Report.ProblemCount > 0)
                logger.LogInformation("Import of {Name} refused: {Problems} of {Rows} rows have problems", LogText.Safe(name), result.Report.ProblemCount, result.Report.RowsRead);
            return result;
        }
        finally
        {
            // All or nothing for the user: whatever stopped the import (a problem row, a cancel, an error), its batches go.
            if (!completed) DeletePartial(connection, writer.DatasetId);
        }
    }

    private static ImportResult Write(IArticleWriter writer, RecordSource source, bool hasHeader, RowChecker checker, FileLabelUse labelUse,
        IProgress<ImportProgress>? progress, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var labels = checker.Labels;
        for (var i = 0; i < labels.Names.Count; i++) writer.AddLabel(i, labels.Names[i]);

        using var duplicates = new DuplicateDetector();
        var problems = new List<RowProblem>();
        var duplicateRows = new List<DuplicateRow>();
        int rowsRead = 0, problemCount = 0, duplicateCount = 0, articleCount = 0, unlabelled = 0, suggested = 0, cleaned = 0;
        var perOrdinal = new List<int>(labels.Names.Select(_ => 0));
        var lastReport = TimeSpan.Zero;
        void Report(string phase)
        {
            progress?.Report(new ImportProgress(source.BytesRead, source.BytesTotal, rowsRead, phase));
            lastReport = stopwatch.Elapsed;
        }
        Report(ImportPhases.Reading);

        string? notText = null;
        while (source.TryReadText(out var record, out notText))
        {
            rowsRead++;
            if ((rowsRead & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stopwatch.Elapsed - lastReport >= ProgressInterval) Report(ImportPhases.Reading);
            }

            var row = checker.Check(record);
            if (row.Problem is not null)
            {
                if (problemCount++ < ImportReport.MaxListed) problems.Add(new RowProblem(row.Row, row.Problem));
                continue;
            }
            if (row.NewLabel)
            {
                perOrdinal.Add(0);
                if (problemCount == 0) writer.AddLabel(row.Ordinal!.Value, labels.Names[row.Ordinal.Value]);
            }
            // What is stored decides what counts as a repeat: the cleaned text, and the label only when it is gold.
            int? gold = labelUse == FileLabelUse.Gold ? row.Ordinal : null;
            int? suggestion = labelUse == FileLabelUse.Suggestions ? row.Ordinal : null;
            if (duplicates.IsDuplicate(row.Title, row.Text, row.Row, gold ?? suggestion, out var firstRow, out var differentLabel))
            {
                if (duplicateCount++ < ImportReport.MaxListed) duplicateRows.Add(new DuplicateRow(row.Row, firstRow, differentLabel));
                continue;
            }
            if (gold is { } o) perOrdinal[o]++; else unlabelled++;
            if (suggestion is not null) suggested++;
            if (row.OriginalTitle is not null || row.OriginalText is not null) cleaned++;
            articleCount++;
            if (problemCount > 0) continue; // the import has failed: only finish the report
            writer.AddArticle(row.Row, row.Title, row.Text, gold, suggestion, row.OriginalTitle, row.OriginalText);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (notText is not null) return Failure("Nothing imported: " + notText);

        var report = new ImportReport(rowsRead, problemCount, problems, duplicateCount, duplicateRows);
        var perClass = labels.Names.Select((label, i) => new ClassCount(i, label, perOrdinal[i])).ToList();
        if (unlabelled > 0) perClass.Add(new ClassCount(null, ClassCount.UnlabelledName, unlabelled));
        if (rowsRead == 0)
            return Failure(hasHeader ? "The file has a header but no rows." : "The file has no rows.", report);
        if (problemCount > 0) return Failure($"Nothing imported: {problemCount:N0} of {rowsRead:N0} rows have problems.", report);

        Report(ImportPhases.Committing);
        // The last moment a cancel can still leave nothing: a small file is read between two progress reports, so the
        // cancel may only come with this one.
        cancellationToken.ThrowIfCancellationRequested();
        var labelled = articleCount - unlabelled;
        writer.Complete(articleCount, labelled);
        Report(ImportPhases.Done);
        var message = $"{articleCount:N0} articles imported" + (duplicateCount > 0 ? $"; {duplicateCount:N0} duplicates skipped" : "")
            + (suggested > 0 ? $"; {suggested:N0} file labels kept as suggestions" : "")
            + (labelUse == FileLabelUse.Ignore && labels.Names.Count > 0 ? "; the file's labels were ignored" : "")
            + (cleaned > 0 ? $"; entities and escapes decoded in {cleaned:N0} article{(cleaned == 1 ? "" : "s")}" : "") + ".";
        return new ImportResult(true, writer.DatasetId, articleCount, labelled, perClass, report, message, suggested, cleaned);
    }

    private void DeletePartial(DbConnection connection, int datasetId)
    {
        try
        {
            PartialDatasets.Delete(dialect, connection, datasetId);
        }
        catch (DbException e)
        {
            // The database failed under us: the dataset stays Importing (invisible) and the start-up clean-up removes it.
            logger.LogWarning(e, "Could not delete the partial dataset {Id}; the next clean-up will", datasetId);
        }
    }

    /// <summary>Null when the name is free; otherwise why not.</summary>
    private static string? NameTaken(DbConnection connection, string name)
    {
        using var command = connection.Command("SELECT \"State\" FROM \"Datasets\" WHERE \"Name\" = @name");
        command.Add("@name", name);
        return command.ExecuteScalar() switch
        {
            null => null,
            var state when Convert.ToInt32(state) == (int)DatasetState.Importing => PartialDatasets.BeingImported(name),
            _ => $"A dataset named '{name}' already exists; choose another name.",
        };
    }

    /// <summary>The result of an import whose dataset was completed (Ready) by an earlier run the process died after.</summary>
    private static ImportResult? FinishedEarlier(DbConnection connection, int importId)
    {
        using var command = connection.Command(
                "SELECT \"Id\", \"ArticleCount\", \"LabelledCount\" FROM \"Datasets\" WHERE \"ImportId\" = @import AND \"State\" = @ready")
            .With([("@import", importId), ("@ready", (int)DatasetState.Ready)]);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var (id, articles, labelled) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        return new ImportResult(true, id, articles, labelled, [], ImportReport.Empty,
            $"{articles:N0} articles imported (the import had finished before it was interrupted).");
    }

    private static ImportResult Failure(string message, ImportReport? report = null) =>
        new(false, null, 0, 0, [], report ?? ImportReport.Empty, message);
}
