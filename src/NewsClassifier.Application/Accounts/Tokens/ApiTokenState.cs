namespace NewsClassifier.Application.Accounts.Tokens;

public enum ApiTokenState
{
    Active,
    Expired,
    Revoked,
}
