using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// The signed-in user inside a Blazor circuit. Hiding a button with AuthorizeView is only cosmetic: a crafted circuit
/// event can still call the handler, so every handler that changes something starts with <see cref="EnsureAsync"/>,
/// which evaluates the real policy on the server and tells the user when it refuses. In a plain HTTP request (the API)
/// the authentication state is the request's user (<see cref="RequestAuthenticationState"/>), so APIs ask the same service.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, IAuthorizationService authorization, IServiceProvider services, ILogger<CurrentUser> logger) : ICurrentUser
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>The user name recorded in "who" fields (created by, changed by, started by).</summary>
    public async Task<string> NameAsync() => NameOf(await PrincipalAsync());

    public async Task<bool> CanAsync(string policy) => (await authorization.AuthorizeAsync(await PrincipalAsync(), policy)).Succeeded;

    /// <summary>True when the user may act under <paramref name="policy"/>; otherwise logs the attempt, shows why, and returns false.</summary>
    public async Task<bool> EnsureAsync(string policy)
    {
        var user = await PrincipalAsync();
        if ((await authorization.AuthorizeAsync(user, policy)).Succeeded) return true;
        logger.LogWarning("Refused {Policy} action to {User} ({Role})", policy, NameOf(user), RoleOf(user) ?? "no role");
        // Resolved here, not in the constructor: the snackbar needs a circuit's navigation, which an API request has not.
        services.GetRequiredService<ISnackbar>().Add($"Your role ({RoleOf(user) ?? "none"}) does not allow this.", Severity.Error);
        return false;
    }

    public static string NameOf(ClaimsPrincipal user) => UserNames.Normalize(user.Identity is { IsAuthenticated: true } identity ? identity.Name : null);

    public static string? RoleOf(ClaimsPrincipal user) => AppRoles.All.FirstOrDefault(user.IsInRole);
}
