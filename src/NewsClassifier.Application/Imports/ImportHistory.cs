using NewsClassifier.Application.Outbound;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Imports;

/// <summary>An import as pages show it, with its validation report and its spec (format, label use, clean-up) decoded.</summary>
public sealed record ImportView(
    int Id,
    string DatasetName,
    ImportSourceKind SourceKind,
    string Source,
    ImportState State,
    long BytesDone,
    long BytesTotal,
    int RowsRead,
    int? DatasetId,
    string? Message,
    ImportReport? Report,
    DateTime CreatedAt,
    DateTime? FinishedAt,
    ImportSpec? Spec = null)
{
    public bool IsFinished => State is ImportState.Succeeded or ImportState.Failed or ImportState.Cancelled;

    /// <summary>The view after a live progress message (the report only arrives with the final row).</summary>
    public ImportView With(ImportStatus status) => this with
    {
        State = status.State,
        BytesDone = status.BytesDone,
        BytesTotal = status.BytesTotal,
        RowsRead = status.RowsRead,
        DatasetId = status.DatasetId,
        Message = status.Message,
    };
}

/// <summary>Reads past and current imports for the Datasets and Jobs areas.</summary>
public sealed class ImportHistory(IDbContextFactory<NewsDbContext> contexts)
{
    public async Task<IReadOnlyList<ImportView>> RecentAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DatasetImports.AsNoTracking()
            .OrderByDescending(i => i.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
        // The list shows no reports: skip decoding them.
        return rows.Select(i => ToView(i, includeReport: false)).ToList();
    }

    public async Task<ImportView?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DatasetImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return row is null ? null : ToView(row, includeReport: true);
    }

    private static ImportView ToView(DatasetImport i, bool includeReport) => new(
        i.Id, i.DatasetName, i.SourceKind, Shown(i), i.State, i.BytesDone, i.BytesTotal, i.RowsRead, i.DatasetId, i.Message,
        includeReport && i.ReportJson is not null ? JsonSerializer.Deserialize<ImportReport>(i.ReportJson, StoredJson.Options) : null,
        i.CreatedAt, i.FinishedAt, Spec(i.SpecJson));

    /// <summary>The stored spec; null for one this version cannot read, which the page then does not describe.</summary>
    private static ImportSpec? Spec(string json)
    {
        try { return JsonSerializer.Deserialize<ImportSpec>(json, StoredJson.Options); }
        catch (JsonException) { return null; }
    }

    /// <summary>New URL imports with credentials are refused (ImportLauncher); a row recorded before that rule may still
    /// hold some, and is shown without them.</summary>
    private static string Shown(DatasetImport i) =>
        i.SourceKind == ImportSourceKind.Url && Uri.TryCreate(i.Source, UriKind.Absolute, out var url) && url.UserInfo.Length > 0
            ? OutboundGuard.Display(url)
            : i.Source;
}
