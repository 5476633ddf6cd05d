using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsClassifier.Data;
using NewsClassifier.Data.Import;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Jobs.Pretrained;

/// <summary>What to import: exactly one of a hub id, a server folder or a staged zip.</summary>
public sealed record PretrainedRequest
{
    public string? HubId { get; init; }
    public string? Revision { get; init; }
    /// <summary>Overrides Pretrained:HubBaseUrl for this import (the CLI's --hub-url).</summary>
    public Uri? HubUrl { get; init; }
    public string? Path { get; init; }
    /// <summary>A zip saved by <see cref="PretrainedQueue.StageUploadAsync"/>, with the browser's file name.</summary>
    public string? StagedZip { get; init; }
    public string? ZipFileName { get; init; }
    /// <summary>Defaults to the hub id, the folder's name or the zip's name.</summary>
    public string? Name { get; init; }
    public string CreatedBy { get; init; } = "web";
}

/// <summary>
/// Records checkpoint imports and queues their jobs (row first, then the job, as dataset imports do); retries,
/// cancels and deletes them. Errors a user can fix come back as <see cref="PretrainedException"/>.
/// </summary>
public sealed partial class PretrainedQueue(
    IDbContextFactory<NewsDbContext> contexts,
    IBackgroundJobClient jobs,
    DataPaths paths,
    IOptions<ImportOptions> importOptions,
    IOptions<PretrainedOptions> options,
    IHostEnvironment environment,
    PretrainedNotifier notifier,
    TimeProvider clock,
    ILogger<PretrainedQueue> logger)
{
    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex UnsafeFolderChars();

    /// <summary>Saves an upload to the staging folder so the job can read it after the browser is gone; refuses it past the download limit.</summary>
    public async Task<string> StageUploadAsync(Stream content, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(paths.StagingDirectory, $"pretrained-{Guid.NewGuid():N}.zip");
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

    /// <summary>Records the import and queues its job.</summary>
    public async Task<int> SubmitAsync(PretrainedRequest request, bool restrictServerPaths, CancellationToken cancellationToken)
    {
        var id = await CreateAsync(request, restrictServerPaths, cancellationToken);
        await EnqueueAsync(id, cancellationToken);
        return id;
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
            row = NewRow(request.Name ?? modelId, PretrainedSourceKind.Hub, modelId, request.CreatedBy, now);
            row.Revision = HubClient.CheckRevision(request.Revision);
            row.HubUrl = hubUrl.AbsoluteUri;
        }
        else if (!string.IsNullOrWhiteSpace(request.Path))
        {
            var full = System.IO.Path.GetFullPath(request.Path.Trim(), environment.ContentRootPath);
            if (restrictServerPaths && !importOptions.Value.IsAllowedServerPath(full))
                throw new PretrainedException($"'{request.Path}' is outside the folders this server imports from (Import:ServerPathRoots).");
            if (!Directory.Exists(full)) throw new PretrainedException($"No folder at '{request.Path}'.");
            var defaultName = new DirectoryInfo(full).Name;
            row = NewRow(request.Name ?? defaultName, PretrainedSourceKind.ServerPath, full, request.CreatedBy, now);
        }
        else
        {
            if (!File.Exists(request.StagedZip)) throw new PretrainedException("The uploaded zip is missing on the server; upload it again.");
            var fileName = System.IO.Path.GetFileName(request.ZipFileName ?? request.StagedZip);
            row = NewRow(request.Name ?? System.IO.Path.GetFileNameWithoutExtension(fileName), PretrainedSourceKind.Upload, fileName, request.CreatedBy, now);
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

    /// <summary>Queues a Failed import again; a hub download keeps its finished files and resumes the partial one.</summary>
    public async Task RetryAsync(int id, CancellationToken cancellationToken)
    {
        await MarkForRetryAsync(id, cancellationToken);
        await EnqueueAsync(id, cancellationToken);
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
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Stops a queued or running import; it ends as Failed ("Cancelled") and can be retried or deleted.</summary>
    public async Task<bool> CancelAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PretrainedCheckpoints.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null || row.IsFinished) return false;
        if (row.JobId is not null) jobs.Delete(row.JobId);
        if (row.State == PretrainedState.Queued)
        {
            row.State = PretrainedState.Failed;
            row.Error = "Cancelled before it started.";
            row.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            notifier.Publish(PretrainedStatus.From(row, "cancelled"));
        }
        return true;
    }

    /// <summary>Removes a finished (Ready or Failed) or queued checkpoint with its files and staged zip.</summary>
    /// <returns>False when there is no such checkpoint.</returns>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PretrainedCheckpoints.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null) return false;
        if (row.State is PretrainedState.Downloading or PretrainedState.Validating)
            throw new PretrainedException($"'{row.Name}' is still importing; cancel it first.");
        if (row.JobId is not null && row.State == PretrainedState.Queued) jobs.Delete(row.JobId);
        db.PretrainedCheckpoints.Remove(row);
        await db.SaveChangesAsync(cancellationToken);

        var folder = System.IO.Path.Combine(paths.PretrainedDirectory, row.Folder);
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            if (row.StagedPath is not null) File.Delete(row.StagedPath);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the files of pretrained checkpoint '{Name}' ({Folder})", row.Name, folder);
        }
        notifier.Publish(PretrainedStatus.From(row, "deleted"));
        return true;
    }

    private async Task EnqueueAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PretrainedCheckpoints.SingleAsync(p => p.Id == id, cancellationToken);
        row.JobId = jobs.Enqueue<ImportPretrainedJob>(job => job.RunAsync(id, CancellationToken.None));
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(PretrainedStatus.From(row, "queued"));
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
