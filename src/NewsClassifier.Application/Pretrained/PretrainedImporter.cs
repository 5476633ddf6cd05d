using System.Diagnostics;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Leases;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Pretrained;

/// <summary>
/// Runs one recorded checkpoint import to its end: fetches the files into <c>{DataDirectory}/pretrained/{Folder}</c>
/// (hub download, server folder copy, or zip extraction), validates the folder and fills the row's config summary.
/// The Hangfire job and the CLI both call it. Errors about the input end as Failed with a message; a retry of a hub
/// import keeps the complete files and resumes the partial one. The import is held by a lease while it runs; a host stop
/// puts it back to Queued (it resumes at the next start), a user's cancel (PretrainedLauncher.CancelAsync) ends it Failed.
/// </summary>
public sealed class PretrainedImporter(
    IDbContextFactory<NewsDbContext> contexts,
    DataPaths paths,
    HubClient hub,
    PretrainedZip zip,
    PretrainedFolderValidator validator,
    Notifier<PretrainedStatus> notifier,
    WorkLeases leases,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<PretrainedImporter> logger)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    /// <returns>The row as it ended (Ready, Failed, or Queued again after a host stop), or null when there is no such row,
    /// it had finished already, or another live process is importing it.</returns>
    public Task<PretrainedCheckpoint?> RunAsync(int checkpointId, IProgress<PretrainedStatus>? progress, CancellationToken cancellationToken) =>
        leases.RunHeldAsync(WorkKinds.Pretrained, checkpointId, (lease, work) => RunHeldAsync(checkpointId, progress, lease, work), null, cancellationToken);

    private async Task<PretrainedCheckpoint?> RunHeldAsync(int checkpointId, IProgress<PretrainedStatus>? progress, LeaseHeartbeat lease,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PretrainedCheckpoints.SingleOrDefaultAsync(p => p.Id == checkpointId, cancellationToken);
        if (row is null || row.IsFinished)
        {
            logger.LogInformation("Pretrained import {Id} is gone or finished; nothing to do", checkpointId);
            return null;
        }

        var lastSave = Stopwatch.StartNew();
        // The download reports on its own thread while this one saves: one publisher at a time, in order.
        var publishing = new Lock();
        void Publish(string phase)
        {
            lock (publishing)
            {
                var status = PretrainedStatus.From(row, phase);
                notifier.Publish(status);
                progress?.Report(status);
            }
        }
        // Saved before published: a page reacting to a final state reads the row.
        async Task SaveAsync(string phase, bool force)
        {
            if (force || lastSave.Elapsed >= SaveInterval)
            {
                lastSave.Restart();
                await db.SaveChangesAsync(CancellationToken.None);
            }
            Publish(phase);
        }

        row.State = PretrainedState.Downloading;
        row.Error = null;
        row.Attempts++; // saved before any file is read: an import that takes the process down is counted
        await SaveAsync("starting", force: true);
        var folder = Path.Combine(paths.PretrainedDirectory, row.Folder);
        try
        {
            switch (row.SourceKind)
            {
                case PretrainedSourceKind.Hub:
                    // Progress arrives on the downloading thread; this loop saves at most once a second.
                    var hubProgress = new InlineProgress<HubProgress>(p =>
                    {
                        row.BytesDone = p.BytesDone;
                        row.BytesTotal = p.BytesTotal;
                        Publish($"downloading {p.File}");
                    });
                    var downloading = hub.DownloadAsync(row.Source, row.Revision ?? HubClient.DefaultRevision,
                        row.HubUrl is null ? null : new Uri(row.HubUrl), folder, hubProgress, cancellationToken, checkConfig: f => validator.ReadConfig(f));
                    while (await Task.WhenAny(downloading, Task.Delay(SaveInterval, CancellationToken.None)) != downloading)
                        await SaveAsync("downloading", force: true);
                    await downloading;
                    break;
                case PretrainedSourceKind.ServerPath:
                    ResetFolder(folder);
                    await CopyFolderAsync(row.Source, folder, async (done, total) =>
                    {
                        row.BytesDone = done;
                        row.BytesTotal = total;
                        await SaveAsync("copying", force: false);
                    }, cancellationToken);
                    break;
                case PretrainedSourceKind.Upload:
                    if (row.StagedPath is null || !File.Exists(row.StagedPath))
                        throw new PretrainedException("The uploaded zip is gone from the server; upload it again.");
                    ResetFolder(folder);
                    await zip.ExtractAsync(row.StagedPath, folder, new InlineProgress<(long Done, long Total)>(p =>
                    {
                        row.BytesDone = p.Done;
                        row.BytesTotal = p.Total;
                        Publish("extracting");
                    }), cancellationToken);
                    break;
            }

            row.State = PretrainedState.Validating;
            await SaveAsync("validating", force: true);
            var summary = await Task.Run(() => validator.Validate(folder), cancellationToken);
            Fill(row, summary);
            row.State = PretrainedState.Ready;
            row.FinishedAt = clock.GetUtcNow().UtcDateTime;
            row.BytesDone = row.BytesTotal = summary.TotalBytes;
            await SaveAsync("ready", force: true);
            DeleteStagedZip(row);
            logger.LogInformation("Pretrained checkpoint '{Name}' is ready: L-{Layers}/H-{Hidden}/A-{Heads}, {Parameters:N0} parameters, {Format}",
                LogText.Safe(row.Name), row.NumLayers, row.HiddenSize, row.NumHeads, row.ParameterCount, row.WeightsFormat);
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            logger.LogWarning("Pretrained import {Id} stopped: its lease was taken over by another process; this attempt writes nothing more", row.Id);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The app is shutting down, not the user cancelling: the row goes back to the queue so PretrainedRecovery
            // starts it again at the next start, and a hub download resumes from its .partial file. Not a crash: not counted.
            row.State = PretrainedState.Queued;
            row.Attempts--;
            await SaveAsync("interrupted", force: true);
            logger.LogWarning("Pretrained import {Id} ('{Name}') interrupted by shutdown; it resumes at the next start", row.Id, LogText.Safe(row.Name));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FailAsync("Cancelled. Retry to continue (a hub download resumes where it stopped).");
        }
        catch (Exception e) when (e is PretrainedException or DownloadException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await FailAsync(e.Message);
            logger.LogWarning("Pretrained import {Id} ('{Name}') failed: {Error}", row.Id, LogText.Safe(row.Name), e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or an outage: the row must not stay "downloading"; the caller's log keeps the stack trace.
            await FailAsync($"The import failed unexpectedly: {e.Message}");
            logger.LogError(e, "Pretrained import {Id} failed unexpectedly", row.Id);
            throw;
        }
        return row;

        async Task FailAsync(string message)
        {
            row.State = PretrainedState.Failed;
            row.Error = message.Length > 2_000 ? message[..2_000] : message;
            row.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await SaveAsync("failed", force: true);
        }
    }

    private static void Fill(PretrainedCheckpoint row, PretrainedFolderSummary summary)
    {
        var config = summary.Config;
        row.NumLayers = config.NumHiddenLayers;
        row.HiddenSize = config.HiddenSize;
        row.NumHeads = config.NumAttentionHeads;
        row.IntermediateSize = config.IntermediateSize;
        row.VocabSize = config.VocabSize;
        row.MaxPositions = config.MaxPositionEmbeddings;
        row.VocabFileTokens = summary.VocabFileTokens;
        row.ParameterCount = summary.ParameterCount;
        row.WeightsFormat = summary.WeightsFormat;
        row.TotalBytes = summary.TotalBytes;
        row.LowerCase = summary.LowerCase;
    }

    /// <summary>A copy or an extraction starts from an empty folder, so files of an earlier failed attempt cannot mix in.</summary>
    private static void ResetFolder(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
    }

    /// <summary>Copies the checkpoint files of <paramref name="source"/> (top level only); the original stays untouched.</summary>
    private static async Task CopyFolderAsync(string source, string folder, Func<long, long, Task> report, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(source)) throw new PretrainedException($"No folder at '{source}'.");
        var files = new DirectoryInfo(source).EnumerateFiles().Where(f => PretrainedFiles.Kept.Contains(f.Name)).ToList();
        if (files.Count == 0)
            throw new PretrainedException($"'{source}' holds no {PretrainedFiles.Config}, {PretrainedFiles.Vocabulary} or weights: not a Hugging Face model folder.");
        long total = files.Sum(f => f.Length), done = 0;
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            await using var input = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var output = new FileStream(Path.Combine(folder, file.Name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                done += read;
                await report(done, total);
            }
        }
    }

    private void DeleteStagedZip(PretrainedCheckpoint row)
    {
        if (row.SourceKind != PretrainedSourceKind.Upload || row.StagedPath is null) return;
        try { File.Delete(row.StagedPath); }
        catch (IOException e) { logger.LogWarning(e, "Could not delete the staged zip {Path}", row.StagedPath); }
    }
}
