using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// The app's two ways to sign a request in: the browser's cookie, and a personal access token sent as
/// <c>Authorization: Bearer nct_...</c>. A policy scheme, the default, chooses per request, so every
/// <c>RequireAuthorization(policy)</c> accepts both without naming a scheme: a request to /api with a bearer header is
/// the token's (<see cref="ApiTokenAuthenticationHandler.SchemeName"/>; the cookie is then ignored), everything else the
/// cookie's. Pages, the Blazor circuit and the Hangfire dashboard never accept a token: a leaked token opens the API only.
/// </summary>
public static class ApiTokenAuthentication
{
    public static void AddCookieOrApiTokenAuthentication(this IServiceCollection services)
    {
        const string cookieOrToken = "CookieOrApiToken";
        services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = cookieOrToken;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(cookieOrToken, "Cookie or access token", o => o.ForwardDefaultSelector = context =>
                ApiTokenAuthenticationHandler.Handles(context.Request) ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, "Personal access token", null)
            .AddIdentityCookies();
    }
}
