using Microsoft.AspNetCore.Components.Authorization;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// Hands a plain HTTP request's signed-in user to the request scope's <see cref="AuthenticationStateProvider"/>, which
/// otherwise is only set for circuits and rendered pages, so API endpoints resolve <see cref="CurrentUser"/> the way
/// pages do. A circuit has its own scope and provider and is not affected.
/// </summary>
public sealed class RequestAuthenticationState(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, AuthenticationStateProvider authentication)
    {
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
        return next(context);
    }
}
