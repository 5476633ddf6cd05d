using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Data.Accounts;

namespace NewsClassifier.Application.Accounts;

public static class AccountServiceExtensions
{
    /// <summary>ASP.NET Core Identity's user and role managers over <see cref="NewsDbContext"/> (users, roles and the
    /// "can review" claim in the same SQLite database), <see cref="UserAdministration"/> and the personal access tokens
    /// (<see cref="ApiTokens"/>). Shared by the web app,
    /// which adds cookies and sign-in on top, and the CLI's <c>users</c> command.</summary>
    public static IdentityBuilder AddNewsAccounts(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<AccountOptions>(AccountOptions.SectionName);
        builder.Services.ConfigureFrom<IdentityOptions, AccountOptions>((identity, a) =>
        {
            identity.Password.RequiredLength = a.MinimumPasswordLength;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 4;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = a.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(a.LockoutMinutes);
            identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            identity.SignIn.RequireConfirmedAccount = false;
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserAdministration>();
        builder.AddValidatedOptions<ApiTokenOptions>(ApiTokenOptions.SectionName);
        builder.Services.AddSingleton<TokenPrincipalCache>();
        builder.Services.AddSingleton<ApiTokens>();
        return builder.Services.AddIdentityCore<AppUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<NewsDbContext>();
    }
}
