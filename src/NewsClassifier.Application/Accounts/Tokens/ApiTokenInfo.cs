namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>One token as the tokens pages and <c>tokens list</c> show it (never the secret: only its first characters).</summary>
public sealed record ApiTokenInfo(int Id, string UserName, string Name, string Prefix, string? Role, DateTime CreatedAt, DateTime? ExpiresAt,
    DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedBy, ApiTokenState State);
