namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>What the database said about one token and its user when it was last read: enough to answer every request
/// for it (the secret's hash, revocation, expiry, lock, the effective role) without reading again.</summary>
public sealed class CachedToken
{
    public required int TokenId { get; init; }
    public required byte[] SecretHash { get; init; }
    /// <summary>Why every use is refused whatever the clock says (revoked, the user has no role); null otherwise.</summary>
    public string? Refusal { get; init; }
    public required ApiTokenIdentity Identity { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    /// <summary>The cache generation the row was read in; a change to any account makes it stale.</summary>
    public long Generation { get; init; }
    public DateTimeOffset ReadAt { get; init; }
    /// <summary>UTC ticks of the last use written to the row (0: never), swapped atomically so one request writes per minute.</summary>
    public long LastUsedTicks;
}
