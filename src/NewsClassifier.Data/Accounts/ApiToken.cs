namespace NewsClassifier.Data.Accounts;

/// <summary>
/// A personal access token: a script or another system acting as its user through <c>Authorization: Bearer</c>. Only a
/// hash of the secret is stored, so a copy of the database signs nobody in. The token acts with its user's current role
/// (a role change or a lock applies at once), narrowed to <see cref="Role"/> when one is given.
/// </summary>
public sealed class ApiToken
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    /// <summary>What the owner calls it ("CMS import", "nightly notebook").</summary>
    public string Name { get; set; } = "";
    /// <summary>SHA-256 of the secret (32 bytes). The secret is random (256 bits), so a fast hash is enough.</summary>
    public byte[] SecretHash { get; set; } = [];
    /// <summary>The token's first characters, shown in lists so an owner recognises a token without its secret.</summary>
    public string Prefix { get; set; } = "";
    /// <summary>A role no stronger than the user's (null: the user's own role, whatever it is at the time of the request).</summary>
    public string? Role { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>UTC; null: never expires.</summary>
    public DateTime? ExpiresAt { get; set; }
    /// <summary>UTC; recorded at most once a minute per token, so a busy script does not write on every request.</summary>
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}
