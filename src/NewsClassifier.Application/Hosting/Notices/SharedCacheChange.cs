namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>Something a process-local cache answered from has changed in the database: every process empties that
/// cache, and its next lookup reads the database again.</summary>
public sealed record SharedCacheChange(SharedCache Cache);

/// <summary>The caches that every process keeps and one process's writes invalidate.</summary>
public enum SharedCache
{
    /// <summary>Which model version or run a classify reference resolves to (registry aliases, versions, runs).</summary>
    ModelChoices = 1,
    /// <summary>Checked API tokens (revocations, roles, locks, deleted users).</summary>
    ApiTokens = 2,
}
