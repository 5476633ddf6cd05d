using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// The app's two ways to sign a request in: the browser's cookie, and a personal access token sent as
/// <c>Authorization: Bearer nct_...</c>. <see cref="DefaultScheme"/> chooses per request, so every
/// <c>RequireAuthorization(policy)</c> accepts both without naming a scheme: a request to /api with a bearer header is
/// the token's (<see cref="Scheme"/>; the cookie is then ignored), everything else the cookie's. Pages, the Blazor
/// circuit and the Hangfire dashboard never accept a token: a leaked token opens the API only.
/// </summary>
public static class ApiTokenAuthentication
{
    /// <summary>The bearer token scheme.</summary>
    private const string Scheme = "ApiToken";

    /// <summary>The policy scheme that forwards to <see cref="Scheme"/> or to Identity's cookie.</summary>
    private const string DefaultScheme = "CookieOrApiToken";

    /// <summary>Authentication with <see cref="DefaultScheme"/> as the default, the token scheme and Identity's cookies.</summary>
    public static void AddCookieOrApiTokenAuthentication(this IServiceCollection services) => services
        .AddAuthentication(o =>
        {
            o.DefaultScheme = DefaultScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        })
        .AddPolicyScheme(DefaultScheme, "Cookie or access token",
            o => o.ForwardDefaultSelector = context => ApiTokenAuthenticationHandler.Handles(context.Request) ? Scheme : IdentityConstants.ApplicationScheme)
        .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(Scheme, "Personal access token", null)
        .AddIdentityCookies();
}
