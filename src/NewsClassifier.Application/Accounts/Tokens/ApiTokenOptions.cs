namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>Configuration section "ApiTokens": how long personal access tokens may live, how many a user may hold, and
/// how long a checked token is trusted without reading the database again.</summary>
public sealed class ApiTokenOptions
{
    public const string SectionName = "ApiTokens";

    /// <summary>Longest expiry a new token may be given (a token may also never expire).</summary>
    [Range(1, 3650)]
    public int MaxExpiryDays { get; set; } = 3650;

    /// <summary>Tokens neither revoked nor expired one user may hold: a script that creates a token per run cannot fill the table.</summary>
    [Range(1, 1000)]
    public int MaxLivePerUser { get; set; } = 50;

    /// <summary>A checked token's user and role are kept in memory this long at most. Changes made through the app or the
    /// CLI (revoke, role, lock, review permission, deletion) end the cached entry at once; this bounds anything else.</summary>
    [Range(1, 3600)]
    public int CacheSeconds { get; set; } = 30;
}
