namespace NewsClassifier.Application.Accounts;

/// <summary>Who is signed in, for the "who" fields (started by, created by, changed by, annotator). Pages and APIs ask
/// this one service, so every request names its user by the same rule (<see cref="UserNames.Normalize"/>); a name sent
/// by the client is never used.</summary>
public interface ICurrentUser
{
    /// <summary>The signed-in user's stored name, or <see cref="UserNames.Anonymous"/> when nobody is signed in.</summary>
    Task<string> NameAsync();
}
