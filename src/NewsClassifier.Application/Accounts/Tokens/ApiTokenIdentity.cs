namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>Who a valid token acts as on this request: its user, with the weaker of the user's current role and the
/// token's own, and "can review" only when the user has it and that role can use it.</summary>
public sealed record ApiTokenIdentity(int TokenId, string UserId, string UserName, string? Role, bool CanReview);
