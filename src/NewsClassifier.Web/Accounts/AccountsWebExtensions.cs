using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using NewsClassifier.Data.Accounts;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Accounts;

public static class AccountsWebExtensions
{
    /// <summary>Identity with cookie sign-in, bearer access tokens for the API, the role policies, the Blazor authentication state, and first-run setup.</summary>
    public static WebApplicationBuilder AddNewsWebAccounts(this WebApplicationBuilder builder)
    {
        builder.AddNewsAccounts()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // The cookie for the browser, a personal access token for /api (ApiTokenAuthentication chooses per request).
        builder.Services.AddCookieOrApiTokenAuthentication();
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AccountOptions>, IOptions<ProxyOptions>>((cookie, accounts, proxy) =>
            {
                cookie.Cookie.Name = "NewsClassifier.Auth";
                cookie.Cookie.HttpOnly = true;
                // Secure whenever the app is reached over HTTPS (directly or through a known proxy), or always when Proxy:ForceSecureCookies.
                cookie.Cookie.SecurePolicy = ProxyHeaders.SecurePolicy(proxy.Value);
                // Lax: browsers do not send the cookie on cross-site POST/PUT/DELETE; same-site origins are held off the JSON
                // API's writes by CookieWriteHeader. Top-level links from elsewhere still arrive signed in.
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(accounts.Value.SessionHours);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = AccountPaths.LoginPath;
                cookie.AccessDeniedPath = AccountPaths.AccessDeniedPath;
                cookie.ReturnUrlParameter = "ReturnUrl";
                // Scripts and fetch calls want a status, not an HTML sign-in page.
                cookie.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        // Role changes, locks and password resets renew the security stamp; a session notices within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddAuthorization(Policies.Configure);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<ICurrentUser>(services => services.GetRequiredService<CurrentUser>());
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<FirstAdminSetup>();
        builder.Services.AddHostedService<FirstAdminSetup.Announcer>();
        return builder;
    }

    /// <summary>POST /account/logout: a form post with the antiforgery token (the [FromForm] parameter makes the endpoint
    /// require one), so another site cannot sign a user out.</summary>
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost(AccountPaths.LogoutPath, async (SignInManager<AppUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(AccountPaths.LoginPath + (LocalUrl.IsLocal(returnUrl) ? $"?ReturnUrl={Uri.EscapeDataString(returnUrl!)}" : ""));
        }).AllowAnonymous().WithName("SignOut");
        return app;
    }

    private static Task ApiStatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
