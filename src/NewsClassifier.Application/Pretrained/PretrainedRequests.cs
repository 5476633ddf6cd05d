using System.Text.RegularExpressions;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Outbound;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Pretrained;

/// <summary>
/// Records checkpoint imports (state Queued) after checking their source, and sets failed ones back to Queued; the web
/// app then queues them through <see cref="PretrainedLauncher"/>, the CLI runs <see cref="PretrainedImporter"/> itself.
/// Errors a user can fix come back as <see cref="PretrainedException"/>.
/// </summary>
public sealed partial class PretrainedRequests(
    IDbContextFactory<NewsDbContext> contexts,
    DataPaths paths,
    IOptions<ImportOptions> importOptions,
    IOptions<PretrainedOptions> options,
    IHostEnvironment environment,
    Notifier<PretrainedStatus> notifier,
    OutboundGuard outbound,
    TimeProvider clock)
{
    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex UnsafeFolderChars();

    /// <summary>Saves an upload to the staging folder so the job can read it after the browser is gone; refuses it past the download limit.</summary>
    public async Task<string> StageUploadAsync(Stream content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(paths.StagingDirectory, $"pretrained-{Guid.NewGuid():N}.zip");
        var limit = options.Value.MaxDownloadBytes;
        try
        {
            await using var file = File.Create(path);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit) throw new PretrainedException($"The upload is larger than {limit:N0} bytes (Pretrained:MaxDownloadBytes).");
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return path;
    }

    /// <summary>Records the import without queueing it (the CLI runs <see cref="PretrainedImporter"/> itself).</summary>
    /// <param name="restrictServerPaths">The web app only imports folders under Import:ServerPathRoots; the CLI any folder.</param>
    public async Task<int> CreateAsync(PretrainedRequest request, bool restrictServerPaths, CancellationToken cancellationToken)
    {
        var sources = new[] { request.HubId, request.Path, request.StagedZip }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (sources != 1) throw new PretrainedException("Give exactly one source: a hub model id, a folder on the server, or a zip.");

        PretrainedCheckpoint row;
        var now = clock.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrWhiteSpace(request.HubId))
        {
            var modelId = HubClient.CheckModelId(request.HubId);
            var hubUrl = request.HubUrl ?? options.Value.HubBaseUrl;
            if (!hubUrl.IsAbsoluteUri || hubUrl.Scheme is not ("http" or "https")) throw new PretrainedException("The hub URL must be an absolute http(s) URL.");
            // Before the row is written: credentials in the hub URL are never stored, a refused address is named now.
            try { await outbound.CheckUrlAsync(hubUrl, cancellationToken); }
            catch (OutboundRefusedException e) { throw new PretrainedException(e.Message); }
            row = NewRow(request.Name ?? modelId, PretrainedSourceKind.Hub, modelId, request.CreatedBy, now);
            row.Revision = HubClient.CheckRevision(request.Revision);
            row.HubUrl = hubUrl.AbsoluteUri;
        }
        else if (!string.IsNullOrWhiteSpace(request.Path))
        {
            var full = Path.GetFullPath(request.Path.Trim(), environment.ContentRootPath);
            if (restrictServerPaths && !importOptions.Value.IsAllowedServerPath(full))
                throw new PretrainedException($"'{request.Path}' is outside the folders this server imports from (Import:ServerPathRoots).");
            if (!Directory.Exists(full)) throw new PretrainedException($"No folder at '{request.Path}'.");
            // The import copies these files: a link among them must not reach outside the allowed folders either.
            var escaping = restrictServerPaths ? new DirectoryInfo(full).EnumerateFiles().FirstOrDefault(f => PretrainedFiles.Kept.Contains(f.Name) && !importOptions.Value.IsAllowedServerPath(f.FullName)) : null;
            if (escaping is not null)
                throw new PretrainedException($"'{escaping.Name}' in '{request.Path}' links outside the folders this server imports from (Import:ServerPathRoots).");
            var defaultName = new DirectoryInfo(full).Name;
            row = NewRow(request.Name ?? defaultName, PretrainedSourceKind.ServerPath, full, request.CreatedBy, now);
        }
        else
        {
            if (!File.Exists(request.StagedZip)) throw new PretrainedException("The uploaded zip is missing on the server; upload it again.");
            var fileName = Path.GetFileName(request.ZipFileName ?? request.StagedZip);
            row = NewRow(request.Name ?? Path.GetFileNameWithoutExtension(fileName), PretrainedSourceKind.Upload, fileName, request.CreatedBy, now);
            row.StagedPath = request.StagedZip;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.PretrainedCheckpoints.AnyAsync(p => p.Name == row.Name, cancellationToken))
            throw new PretrainedException($"A pretrained checkpoint named '{row.Name}' exists already; delete it or choose another name.");
        db.PretrainedCheckpoints.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(PretrainedStatus.From(row, "queued"));
        return row.Id;
    }

    /// <summary>Sets a Failed import back to Queued without queueing a job (the CLI then runs <see cref="PretrainedImporter"/> itself).</summary>
    public async Task MarkForRetryAsync(int id, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.PretrainedCheckpoints.SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
                      ?? throw new PretrainedException($"No pretrained checkpoint {id}.");
            if (row.State != PretrainedState.Failed) throw new PretrainedException($"'{row.Name}' is {row.State}; only a failed import can be retried.");
            if (row.SourceKind == PretrainedSourceKind.Upload && (row.StagedPath is null || !File.Exists(row.StagedPath)))
                throw new PretrainedException("The uploaded zip is gone from the server; delete this import and upload the zip again.");
            row.State = PretrainedState.Queued;
            row.Error = null;
            row.FinishedAt = null;
            row.Attempts = 0; // a person asked for it again: crashes before the failure do not count against the retry
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static PretrainedCheckpoint NewRow(string name, PretrainedSourceKind kind, string source, string createdBy, DateTime now)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw new PretrainedException("Give the checkpoint a name.");
        if (trimmed.Length > PretrainedCheckpoint.MaxNameLength) throw new PretrainedException($"The name is longer than {PretrainedCheckpoint.MaxNameLength} characters.");
        // One path segment, readable, and unique even when two names differ only in unsafe characters.
        var slug = UnsafeFolderChars().Replace(trimmed.Replace('/', '_'), "-").Trim('-', '.');
        if (slug.Length > 80) slug = slug[..80];
        return new PretrainedCheckpoint
        {
            Name = trimmed,
            SourceKind = kind,
            Source = source,
            Folder = $"{(slug.Length == 0 ? "checkpoint" : slug)}-{Guid.NewGuid().ToString("N")[..8]}",
            State = PretrainedState.Queued,
            CreatedAt = now,
            CreatedBy = string.IsNullOrWhiteSpace(createdBy) ? "web" : createdBy.Trim(),
        };
    }
}
