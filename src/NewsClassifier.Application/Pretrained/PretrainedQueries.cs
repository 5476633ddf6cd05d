using NewsClassifier.Application.Imports;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Pretrained;

/// <summary>Reads imported pretrained checkpoints and resolves a reference (id, name or folder) to a Ready folder on disk.</summary>
public sealed class PretrainedQueries(IDbContextFactory<NewsDbContext> contexts, DataPaths paths)
{
    public async Task<IReadOnlyList<PretrainedCheckpoint>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PretrainedCheckpoints.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }

    public async Task<PretrainedCheckpoint?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PretrainedCheckpoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>By exact name, then by folder name, then by id when <paramref name="reference"/> is a number.</summary>
    public async Task<PretrainedCheckpoint?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var key = reference.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PretrainedCheckpoints.AsNoTracking().SingleOrDefaultAsync(p => p.Name == key, cancellationToken)
               ?? await db.PretrainedCheckpoints.AsNoTracking().SingleOrDefaultAsync(p => p.Folder == key, cancellationToken)
               ?? (int.TryParse(key, out var id) ? await db.PretrainedCheckpoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) : null);
    }

    /// <summary>The checkpoint whose files are at <paramref name="path"/> (links resolved), or null: a run records the
    /// folder it trained on, and a re-run passes that folder back.</summary>
    public async Task<PretrainedCheckpoint?> FindByFolderPathAsync(string path, CancellationToken cancellationToken)
    {
        if (!Path.IsPathRooted(path)) return null;
        string real, root;
        try
        {
            real = Path.TrimEndingDirectorySeparator(RealPath.Resolve(path, paths.PretrainedDirectory));
            root = Path.TrimEndingDirectorySeparator(RealPath.Resolve(paths.PretrainedDirectory, paths.PretrainedDirectory));
        }
        catch (IOException)
        {
            return null;
        }
        if (!string.Equals(Path.GetDirectoryName(real), root, StringComparison.Ordinal)) return null;
        var folder = Path.GetFileName(real);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PretrainedCheckpoints.AsNoTracking().SingleOrDefaultAsync(p => p.Folder == folder, cancellationToken);
    }

    /// <summary>The absolute folder of a checkpoint's files.</summary>
    public string FolderPath(PretrainedCheckpoint checkpoint) => Path.Combine(paths.PretrainedDirectory, checkpoint.Folder);

    /// <summary>The absolute folder of the Ready checkpoint named by <paramref name="reference"/> (name, folder or id).</summary>
    /// <exception cref="InvalidOperationException">No such checkpoint, it is not Ready, or its folder is gone.</exception>
    public async Task<string> ResolveReadyFolderAsync(string reference, CancellationToken cancellationToken)
    {
        var checkpoint = await FindAsync(reference, cancellationToken)
                         ?? throw new InvalidOperationException($"No pretrained checkpoint named '{reference}'. Import it first (Models > Pretrained checkpoints, or `pretrained import`).");
        if (checkpoint.State != PretrainedState.Ready)
            throw new InvalidOperationException($"The pretrained checkpoint '{checkpoint.Name}' is {checkpoint.State}, not Ready" +
                                                (checkpoint.Error is { } error ? $": {error}" : "."));
        var folder = FolderPath(checkpoint);
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"The files of the pretrained checkpoint '{checkpoint.Name}' are missing on disk ({folder}).");
        return folder;
    }
}
