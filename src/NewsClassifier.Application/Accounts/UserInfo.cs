namespace NewsClassifier.Application.Accounts;

/// <summary>One user as the users page and <c>users list</c> show it.</summary>
public sealed record UserInfo(string Id, string UserName, string? Role, bool CanReview, DateTimeOffset? LockedUntil, DateTime CreatedAt)
{
    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;
}
