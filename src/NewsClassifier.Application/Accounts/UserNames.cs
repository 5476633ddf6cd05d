using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Accounts;

/// <summary>User names as stored in "who" fields: trimmed, at most <see cref="Annotation.MaxUserNameLength"/>
/// characters, <see cref="Anonymous"/> when there is none (a request that reached a service without a signed-in user).</summary>
public static class UserNames
{
    public const string Anonymous = "anonymous";

    public static string Normalize(string? userName)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length == 0) return Anonymous;
        return name.Length > Annotation.MaxUserNameLength ? name[..Annotation.MaxUserNameLength] : name;
    }
}
