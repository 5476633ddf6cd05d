using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Data.Accounts;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Application.Accounts;

/// <summary>
/// Users and their one role, for the Admin users page, the first-run setup and the CLI. Every call runs in its own
/// scope (a fresh UserManager and DbContext), so a long-lived Blazor circuit never works on stale tracked users.
/// Changes that alter what a user may do renew the security stamp, which signs that user's sessions out at the next
/// validation. Two rules protect the installation: nobody deletes, locks or demotes themselves, and the last Admin
/// cannot be deleted, locked or demoted. The same changes end the user's checked access tokens at once
/// (<see cref="TokenPrincipalCache.AccountsChanged"/>): a token acts with its user's current rights.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TokenPrincipalCache tokens, TimeProvider clock, ILogger<UserAdministration> logger)
{
    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var reviewers = (await db.UserClaims.Where(c => c.ClaimType == AppClaims.CanReview).Select(c => c.UserId).ToListAsync(cancellationToken)).ToHashSet();
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        return users
            .Select(u => new UserInfo(u.Id, u.UserName ?? "", roles.Where(r => r.UserId == u.Id).Select(r => r.Name).FirstOrDefault(),
                reviewers.Contains(u.Id), u.LockoutEnd, u.CreatedAt))
            .OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<UserInfo?> FindAsync(string userName, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(u => string.Equals(u.UserName, userName.Trim(), StringComparison.OrdinalIgnoreCase));

    public async Task<bool> AnyAdminAsync(CancellationToken cancellationToken = default) =>
        await CountInRoleAsync(AppRoles.Admin, cancellationToken) > 0;

    public async Task<UserInfo> CreateAsync(string userName, string role, string password, CancellationToken cancellationToken = default)
    {
        var canonicalRole = RequireRole(role);
        if (string.IsNullOrWhiteSpace(userName)) throw new AccountException("A user name is required.");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(userName.Trim()) is not null) throw new AccountException($"A user named '{userName.Trim()}' already exists.");
        var user = new AppUser(userName.Trim()) { CreatedAt = clock.GetUtcNow().UtcDateTime };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, canonicalRole));
        logger.LogInformation("User {UserName} created with role {Role}", user.UserName, canonicalRole);
        return (await FindAsync(user.UserName!, cancellationToken))!;
    }

    public async Task SetRoleAsync(string userName, string role, string? actingUser, CancellationToken cancellationToken = default)
    {
        var canonicalRole = RequireRole(role);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await RequireUserAsync(users, userName);
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == canonicalRole) return;
        if (current.Contains(AppRoles.Admin))
        {
            RefuseSelf(user, actingUser, "change your own role");
            await RefuseLastAdminAsync(user, "change the role of", cancellationToken);
        }
        if (current.Count > 0) Check(await users.RemoveFromRolesAsync(user, current));
        Check(await users.AddToRoleAsync(user, canonicalRole));
        Check(await users.UpdateSecurityStampAsync(user));
        tokens.AccountsChanged();
        logger.LogInformation("User {UserName}: role {Role} (by {Actor})", user.UserName, canonicalRole, actingUser ?? "cli");
    }

    public async Task SetCanReviewAsync(string userName, bool canReview, string? actingUser, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await RequireUserAsync(users, userName);
        var existing = (await users.GetClaimsAsync(user)).Where(c => c.Type == AppClaims.CanReview).ToList();
        if (canReview == existing.Count > 0) return;
        Check(canReview
            ? await users.AddClaimAsync(user, new Claim(AppClaims.CanReview, "true"))
            : await users.RemoveClaimsAsync(user, existing));
        Check(await users.UpdateSecurityStampAsync(user));
        tokens.AccountsChanged();
        logger.LogInformation("User {UserName}: can review = {CanReview} (by {Actor})", user.UserName, canReview, actingUser ?? "cli");
    }

    /// <summary>Locks the account until unlocked (sign-in refused, sessions end at the next validation) or unlocks it.</summary>
    public async Task SetLockedAsync(string userName, bool locked, string? actingUser, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await RequireUserAsync(users, userName);
        if (locked)
        {
            RefuseSelf(user, actingUser, "lock your own account");
            if (await users.IsInRoleAsync(user, AppRoles.Admin)) await RefuseLastAdminAsync(user, "lock", cancellationToken);
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            Check(await users.UpdateSecurityStampAsync(user));
        }
        else
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
        }
        tokens.AccountsChanged();
        logger.LogInformation("User {UserName}: {State} (by {Actor})", user.UserName, locked ? "locked" : "unlocked", actingUser ?? "cli");
    }

    public async Task ResetPasswordAsync(string userName, string newPassword, string? actingUser, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await RequireUserAsync(users, userName);
        // Validate first: removing the old password and then failing on the new one would leave no password at all.
        foreach (var validator in users.PasswordValidators) Check(await validator.ValidateAsync(users, user, newPassword));
        if (await users.HasPasswordAsync(user)) Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, newPassword));
        logger.LogInformation("User {UserName}: password reset (by {Actor})", user.UserName, actingUser ?? "cli");
    }

    public async Task DeleteAsync(string userName, string? actingUser, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await RequireUserAsync(users, userName);
        RefuseSelf(user, actingUser, "delete your own account");
        if (await users.IsInRoleAsync(user, AppRoles.Admin)) await RefuseLastAdminAsync(user, "delete", cancellationToken);
        Check(await users.DeleteAsync(user));
        tokens.AccountsChanged();
        logger.LogInformation("User {UserName} deleted (by {Actor})", user.UserName, actingUser ?? "cli");
    }

    private async Task<int> CountInRoleAsync(string role, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        return await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == role select ur.UserId).CountAsync(cancellationToken);
    }

    /// <summary>The other Admins that are not locked; refuses when there are none.</summary>
    private async Task RefuseLastAdminAsync(AppUser user, string action, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var activeAdmins = (await ListAsync(cancellationToken)).Count(u => u.Role == AppRoles.Admin && u.Id != user.Id && !u.IsLockedOut(now));
        if (activeAdmins == 0) throw new AccountException($"Cannot {action} '{user.UserName}': it is the last active Admin.");
    }

    private static void RefuseSelf(AppUser user, string? actingUser, string action)
    {
        if (actingUser is not null && string.Equals(user.UserName, actingUser, StringComparison.OrdinalIgnoreCase))
            throw new AccountException($"You cannot {action}.");
    }

    private static async Task<AppUser> RequireUserAsync(UserManager<AppUser> users, string userName) =>
        await users.FindByNameAsync(userName.Trim()) ?? throw new AccountException($"There is no user named '{userName.Trim()}'.");

    private static string RequireRole(string role) =>
        AppRoles.Find(role) ?? throw new AccountException($"Unknown role '{role}'. Roles: {string.Join(", ", AppRoles.All)}.");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new AccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
