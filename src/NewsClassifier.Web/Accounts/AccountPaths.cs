namespace NewsClassifier.Web.Accounts;

/// <summary>Where sign-in, sign-out and the access-denied page live (the cookie handler and the pages agree on these).</summary>
public static class AccountPaths
{
    public const string LoginPath = "/account/login";
    public const string AccessDeniedPath = "/account/access-denied";
    public const string LogoutPath = "/account/logout";
}
