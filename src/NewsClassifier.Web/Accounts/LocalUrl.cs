namespace NewsClassifier.Web.Accounts;

/// <summary>Return URLs after sign-in: only paths of this app, so a crafted link cannot send a user elsewhere.</summary>
public static class LocalUrl
{
    /// <summary>True for "/path?query" forms; false for absolute URLs, scheme-relative "//host" and "/\host" (browsers
    /// treat the backslash as a slash), and control characters.</summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/') return false;
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) return false;
        return !url.Any(char.IsControl);
    }

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
