using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Resources;
using NewsClassifier.Application.Runs;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Registry;

/// <summary>
/// One registered model version as a single zip (the model folder's files plus <c>model-card.json</c>),
/// and the way back in: an imported archive becomes a succeeded run (started by "import") registered as
/// the next version of a model, so lineage, classification and the registry treat it like a trained one.
/// </summary>
public sealed partial class ModelArchive(IDbContextFactory<NewsDbContext> contexts, ModelRegistry registry, DataPaths paths, ResourceBudget budget, TimeProvider clock,
    ModelChoiceCache? choices = null)
{
    public const int MaxEntries = 32;
    public const long MaxCardBytes = 4 * 1024 * 1024;
    public const long MaxTotalBytes = 4L * 1024 * 1024 * 1024;
    public const string ImportedBy = "import";

    /// <summary>Flat archives only: a plain file name, so no entry can land outside the model folder.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex EntryName();

    private static readonly JsonSerializerOptions CardJson = new(RunManifest.JsonOptions);

    /// <summary>Writes the archive of <paramref name="reference"/> (name, name@alias, name:version) to <paramref name="output"/>.</summary>
    public async Task<ModelCard> ExportAsync(string reference, Stream output, CancellationToken cancellationToken)
    {
        var resolved = await registry.ResolveAsync(reference, cancellationToken);
        var folder = resolved.Version.ArtifactPath ?? resolved.Run.ArtifactPath;
        if (folder is null || !Directory.Exists(folder))
            throw new RegistryException($"The files of {resolved.ModelName}:{resolved.Version.Version} are missing on disk ({folder}).");
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(f => EntryName().IsMatch(f) && !f.EndsWith(".tmp", StringComparison.Ordinal) && f != ModelCard.FileName)
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

        var card = await CardAsync(resolved, folder, files, cancellationToken);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var file in files)
        {
            var entry = zip.CreateEntry(file, CompressionLevel.Fastest);
            await using var target = await entry.OpenAsync(cancellationToken);
            await using var source = File.OpenRead(Path.Combine(folder, file));
            await source.CopyToAsync(target, cancellationToken);
        }
        var cardEntry = zip.CreateEntry(ModelCard.FileName, CompressionLevel.Optimal);
        await using (var target = await cardEntry.OpenAsync(cancellationToken))
            await JsonSerializer.SerializeAsync(target, card, CardJson, cancellationToken);
        return card;
    }

    /// <summary>
    /// Checks an archive (flat file names, size limits, a card whose files are all present with matching
    /// hashes, a model folder the app can read), copies it under the artifacts folder and registers it as the
    /// next version of <paramref name="modelName"/>.
    /// </summary>
    public async Task<ModelVersion> ImportAsync(Stream archive, string modelName, string importedBy, CancellationToken cancellationToken)
    {
        var name = ModelRegistry.CheckName(modelName);
        var importRoot = Path.Combine(paths.ArtifactsDirectory, "imported");
        var folder = Path.Combine(importRoot, $"{name}-{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}");
        var staging = folder + ".partial";
        Directory.CreateDirectory(staging);
        ModelCard card;
        try
        {
            // Everything is checked in the staging folder, before anything is moved into place or recorded.
            card = await ExtractAsync(archive, staging, cancellationToken);
            ModelArchiveChecks.CheckModel(staging);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        Directory.Move(staging, folder);
        int? runId = null;
        try
        {
            runId = await AddRunAsync(card, folder, importedBy, cancellationToken);
            return await registry.RegisterAsync(runId.Value, name, string.IsNullOrWhiteSpace(importedBy) ? ImportedBy : importedBy, cancellationToken);
        }
        catch
        {
            // No orphan: neither a folder nor a run row without its registered version.
            if (runId is { } id)
            {
                await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
                await db.TrainingRuns.Where(r => r.Id == id).ExecuteDeleteAsync(CancellationToken.None);
                // For a moment it was a succeeded run: the newest-run fallback may have picked it.
                choices?.Invalidate();
            }
            TryDelete(folder);
            throw;
        }
    }

    private async Task<ModelCard> ExtractAsync(Stream archive, string folder, CancellationToken cancellationToken)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            _ = zip.Entries.Count;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            throw new RegistryException("The file is not a zip archive.");
        }
        using (zip)
        {
            if (zip.Entries.Count > MaxEntries) throw new RegistryException($"The archive has {zip.Entries.Count} entries; a model has at most {MaxEntries}.");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (!EntryName().IsMatch(entry.FullName) || entry.FullName.Contains(".."))
                    throw new RegistryException($"The archive entry '{entry.FullName}' is not a plain file name (model archives are flat).");
                if (!names.Add(entry.FullName)) throw new RegistryException($"The archive holds '{entry.FullName}' twice.");
            }
            if (!names.Contains(ModelCard.FileName)) throw new RegistryException($"The archive has no {ModelCard.FileName}.");

            // Sizes are counted while copying: an entry's declared length is not trusted.
            long total = 0;
            var hashes = new Dictionary<string, (long Bytes, string Sha256)>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                long limit = entry.FullName == ModelCard.FileName ? MaxCardBytes : MaxTotalBytes - total;
                var path = Path.Combine(folder, entry.FullName);
                await using (var source = await entry.OpenAsync(cancellationToken))
                await using (var target = File.Create(path))
                {
                    var (bytes, sha) = await CopyHashedAsync(source, target, limit, entry.FullName, cancellationToken);
                    total += bytes;
                    hashes[entry.FullName] = (bytes, sha);
                }
            }

            ModelCard card;
            try
            {
                card = JsonSerializer.Deserialize<ModelCard>(await File.ReadAllTextAsync(Path.Combine(folder, ModelCard.FileName), cancellationToken), CardJson)
                       ?? throw new RegistryException($"{ModelCard.FileName} is empty.");
            }
            catch (JsonException e) { throw new RegistryException($"{ModelCard.FileName} is not a model card: {e.Message}"); }
            if (card.Format != ModelCard.CurrentFormat) throw new RegistryException($"{ModelCard.FileName} has format '{card.Format}', expected '{ModelCard.CurrentFormat}'.");
            ModelArchiveChecks.CheckCard(card);

            var required = card.Files.Select(f => f.Name).Append(ModelCheckpoint.ConfigFile).ToHashSet(StringComparer.Ordinal);
            CheckpointManifest? manifest = null;
            if (hashes.ContainsKey(ModelCheckpoint.ConfigFile))
            {
                try { manifest = ModelCheckpoint.ReadManifest(folder); }
                catch (Exception e) when (e is InvalidDataException or JsonException) { throw new RegistryException($"{ModelCheckpoint.ConfigFile}: {e.Message}"); }
            }
            if (manifest is not null && manifest.Format == CheckpointManifest.CurrentFormat)
            {
                required.Add(ModelCheckpoint.VocabularyFile);
                required.Add(ModelCheckpoint.WeightsFile);
            }
            var missing = required.Where(f => !hashes.ContainsKey(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (missing.Count > 0) throw new RegistryException($"The archive lacks {string.Join(", ", missing)}.");
            foreach (var file in card.Files)
            {
                var (bytes, sha) = hashes[file.Name];
                if (bytes != file.Bytes || !string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new RegistryException($"{file.Name} does not match the model card (damaged or changed archive).");
            }
            CheckSize(folder);
            return card;
        }
    }

    /// <summary>
    /// The model its config.json describes, sized before anything could load it: an archive whose manifest claims a model
    /// above the budget would otherwise be registered and then exhaust the server at its first classification.
    /// </summary>
    private void CheckSize(string folder)
    {
        ResourceEstimate estimate;
        try
        {
            estimate = RecipeCatalog.EstimateFolder(folder);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or ArgumentException)
        {
            throw new RegistryException($"{ModelCheckpoint.ConfigFile}: {e.Message}");
        }
        if (budget.RefuseModel(estimate) is { } refusal) throw new RegistryException($"{ModelCheckpoint.ConfigFile}: {refusal}");
    }

    private async Task<int> AddRunAsync(ModelCard card, string folder, string importedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var validation = card.Validation;
        var run = new TrainingRun
        {
            DatasetId = 0,
            DatasetName = Cut(card.Dataset.Name, 100),
            Recipe = Cut(card.Recipe, 50),
            ParametersJson = StoredJson.Serialize(card.Parameters),
            State = RunState.Succeeded,
            StartedBy = ImportedBy,
            Tags = "imported",
            Notes = $"Imported by {(string.IsNullOrWhiteSpace(importedBy) ? ImportedBy : importedBy.Trim())} from {card.Name}:{card.Version} " +
                    $"(run {card.RunId}, dataset {card.Dataset.Name}, snapshot {card.Dataset.SnapshotHash ?? "none"}).",
            CreatedAt = now,
            FinishedAt = now,
            Epoch = validation?.BestEpoch ?? 0,
            BestEpoch = validation?.BestEpoch,
            TrainArticles = card.Dataset.TrainArticles,
            ValidationArticles = card.Dataset.ValidationArticles,
            ValidationAccuracy = validation?.Accuracy,
            ValidationMacroF1 = validation?.MacroF1,
            ValidationLoss = validation?.Loss,
            EvaluationJson = validation?.Metrics is { } metrics ? StoredJson.Serialize(metrics) : null,
            LibraryVersions = card.LibraryVersions is null ? null : Cut(card.LibraryVersions, 200),
            Device = card.Device is null ? null : Cut(card.Device, 50),
            ArtifactPath = folder,
            StopReason = "Imported model.",
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    private async Task<ModelCard> CardAsync(ResolvedModel resolved, string folder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var run = resolved.Run;
        string? snapshotHash = null;
        if (run.SnapshotId is { } snapshotId)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            snapshotHash = await db.DatasetSnapshots.Where(s => s.Id == snapshotId).Select(s => s.ContentHash).SingleOrDefaultAsync(cancellationToken);
        }
        var listed = new List<ModelCardFile>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(Path.Combine(folder, file));
            listed.Add(new ModelCardFile(file, stream.Length, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken))));
        }
        return new ModelCard
        {
            Name = resolved.ModelName,
            Version = resolved.Version.Version,
            RunId = run.Id,
            Recipe = run.Recipe,
            Parameters = StoredJson.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? new(),
            Dataset = new ModelCardDataset(run.DatasetName, run.SnapshotId, snapshotHash, run.TrainArticles, run.ValidationArticles),
            Validation = new ModelCardValidation(resolved.Version.ValidationAccuracy ?? run.ValidationAccuracy, resolved.Version.ValidationMacroF1 ?? run.ValidationMacroF1,
                run.ValidationLoss, run.BestEpoch, StoredJson.Deserialize<ClassificationMetrics>(run.EvaluationJson)),
            CreatedAt = resolved.Version.CreatedAt,
            CreatedBy = resolved.Version.CreatedBy,
            ExportedAt = clock.GetUtcNow().UtcDateTime,
            LibraryVersions = run.LibraryVersions,
            Device = run.Device,
            Files = listed,
        };
    }

    private static async Task<(long Bytes, string Sha256)> CopyHashedAsync(Stream source, Stream target, long limit, string name, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit) throw new RegistryException($"{name} is larger than a model archive may be.");
            sha.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return (total, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover .partial folder is named as such; the startup sweep removes it */ }
    }
}
