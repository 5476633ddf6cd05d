namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>A token just created: <see cref="Token"/> is the only time its secret exists outside the caller's hands.</summary>
public sealed record NewApiToken(ApiTokenInfo Info, string Token);
