namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>The answer for one presented token: who it acts as, or why it is refused (the reason goes back to the caller).</summary>
public sealed record ApiTokenCheck(ApiTokenIdentity? Identity, string? Refusal)
{
    public static ApiTokenCheck Valid(ApiTokenIdentity identity) => new(identity, null);

    public static ApiTokenCheck Refused(string reason) => new(null, reason);
}
