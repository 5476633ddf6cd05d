using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Application.Tests.Accounts;

/// <summary>Personal access tokens against a real database (<see cref="TestProvider"/>): what is stored, how a presented token is judged, and that
/// revocations, role changes and locks reach a token that is already cached.</summary>
public sealed class ApiTokensTests(AccountsHost host) : IClassFixture<AccountsHost>
{
    [Fact]
    public async Task Only_the_SHA256_of_the_secret_is_stored_and_lists_show_a_short_prefix()
    {
        var user = await host.UserAsync(AppRoles.Scientist);
        var created = await host.Tokens.CreateAsync(user, "CMS import", 30, role: null);

        var parts = created.Token.Split('_');
        Assert.Equal(["nct", created.Info.Id.ToString()], parts[..2]);
        var secret = created.Token[(parts[0].Length + parts[1].Length + 2)..];
        Assert.Equal(ApiTokenFormat.SecretLength, secret.Length);
        var row = await RowAsync(created.Info.Id);
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(secret)), row.SecretHash);
        Assert.NotEqual(Encoding.ASCII.GetBytes(secret), row.SecretHash);
        Assert.Equal($"nct_{created.Info.Id}_{secret[..4]}", row.Prefix);
        Assert.Equal(host.Clock.Now.UtcDateTime.AddDays(30), row.ExpiresAt);
        // Nothing stored holds the secret.
        Assert.False(await host.StoresAnywhereAsync(secret));

        var listed = Assert.Single(await host.Tokens.ListAsync(user));
        Assert.Equal((created.Info.Id, "CMS import", row.Prefix, ApiTokenState.Active), (listed.Id, listed.Name, listed.Prefix, listed.State));
        Assert.Equal(user, listed.UserName);
    }

    [Fact]
    public async Task A_valid_token_acts_as_its_user_and_a_wrong_secret_for_a_real_id_is_refused()
    {
        var user = await host.UserAsync(AppRoles.Scientist);
        var created = await host.Tokens.CreateAsync(user, "notebook", null, null);

        var check = await host.Tokens.CheckAsync(created.Token);
        Assert.Null(check.Refusal);
        Assert.Equal((user, AppRoles.Scientist, false), (check.Identity!.UserName, check.Identity.Role, check.Identity.CanReview));

        // Same id, same length, one character different at either end: refused alike (the hash comparison is constant-time).
        var secret = created.Token[^ApiTokenFormat.SecretLength..];
        var stem = created.Token[..^ApiTokenFormat.SecretLength];
        foreach (var wrong in new[] { stem + Flip(secret[0]) + secret[1..], stem + secret[..^1] + Flip(secret[^1]) })
        {
            var refused = await host.Tokens.CheckAsync(wrong);
            Assert.Null(refused.Identity);
            Assert.Equal("Unknown token, or its user was deleted.", refused.Refusal);
        }
        // Malformed: refused before any lookup, never an exception.
        foreach (var garbage in new[] { "", "nct_", "nct_1", $"nct_99999999999_{secret}", $"nct_-1_{secret}", $"ghp_{created.Info.Id}_{secret}",
                     $"nct_{created.Info.Id}_{secret}x", $"nct_{created.Info.Id}_{secret[..^1]}=", new string('a', 100_000) })
            Assert.Contains("not a NewsClassifier access token", (await host.Tokens.CheckAsync(garbage)).Refusal);
        Assert.Contains("Unknown token", (await host.Tokens.CheckAsync($"nct_2000000000_{secret}")).Refusal);
    }

    [Fact]
    public async Task A_token_is_refused_from_the_instant_it_expires_even_while_cached()
    {
        var user = await host.UserAsync(AppRoles.Viewer);
        var created = await host.Tokens.CreateAsync(user, "weekly", 7, null);
        var start = host.Clock.Now;
        try
        {
            Assert.Null((await host.Tokens.CheckAsync(created.Token)).Refusal);
            host.Clock.Now = start.AddDays(7).AddTicks(-1);
            Assert.Null((await host.Tokens.CheckAsync(created.Token)).Refusal);
            host.Clock.Now = start.AddDays(7);
            Assert.StartsWith("The token expired at", (await host.Tokens.CheckAsync(created.Token)).Refusal);
            Assert.Equal(ApiTokenState.Expired, Assert.Single(await host.Tokens.ListAsync(user)).State);
        }
        finally { host.Clock.Now = start; }
    }

    [Fact]
    public async Task Revoking_ends_a_cached_token_at_once_and_only_its_owner_or_an_Admin_may()
    {
        var owner = await host.UserAsync(AppRoles.Annotator);
        var other = await host.UserAsync(AppRoles.Scientist);
        var admin = await host.UserAsync(AppRoles.Admin);
        var created = await host.Tokens.CreateAsync(owner, "labels", null, null);
        Assert.Null((await host.Tokens.CheckAsync(created.Token)).Refusal);

        var refused = await Assert.ThrowsAsync<AccountException>(() => host.Tokens.RevokeAsync(created.Info.Id, other));
        Assert.Contains("not yours", refused.Message);
        Assert.Null((await host.Tokens.CheckAsync(created.Token)).Refusal);
        await Assert.ThrowsAsync<AccountException>(() => host.Tokens.RevokeAsync(987_654, owner));

        var revoked = await host.Tokens.RevokeAsync(created.Info.Id, admin);
        Assert.Equal((ApiTokenState.Revoked, admin), (revoked.State, revoked.RevokedBy));
        Assert.StartsWith("The token was revoked at", (await host.Tokens.CheckAsync(created.Token)).Refusal);
        var row = await RowAsync(created.Info.Id);
        Assert.Equal(host.Clock.Now.UtcDateTime, row.RevokedAt);

        var own = await host.Tokens.CreateAsync(owner, "mine", null, null);
        Assert.Equal(owner, (await host.Tokens.RevokeAsync(own.Info.Id, owner)).RevokedBy);
    }

    [Fact]
    public async Task Role_changes_locks_and_review_permission_reach_a_live_token_on_its_next_use()
    {
        var user = await host.UserAsync(AppRoles.Scientist);
        var token = (await host.Tokens.CreateAsync(user, "cron", null, null)).Token;
        Assert.Equal(AppRoles.Scientist, (await host.Tokens.CheckAsync(token)).Identity!.Role);

        await host.Users.SetRoleAsync(user, AppRoles.Viewer, actingUser: null);
        Assert.Equal(AppRoles.Viewer, (await host.Tokens.CheckAsync(token)).Identity!.Role);

        await host.Users.SetRoleAsync(user, AppRoles.Annotator, actingUser: null);
        Assert.False((await host.Tokens.CheckAsync(token)).Identity!.CanReview);
        await host.Users.SetCanReviewAsync(user, true, actingUser: null);
        Assert.True((await host.Tokens.CheckAsync(token)).Identity!.CanReview);

        await host.Users.SetLockedAsync(user, true, actingUser: null);
        Assert.Contains("is locked", (await host.Tokens.CheckAsync(token)).Refusal);
        await host.Users.SetLockedAsync(user, false, actingUser: null);
        Assert.Equal(AppRoles.Annotator, (await host.Tokens.CheckAsync(token)).Identity!.Role);

        await host.Users.DeleteAsync(user, actingUser: null);
        Assert.Equal("Unknown token, or its user was deleted.", (await host.Tokens.CheckAsync(token)).Refusal);
    }

    [Fact]
    public async Task A_narrower_role_limits_the_token_and_a_stronger_one_is_refused()
    {
        var admin = await host.UserAsync(AppRoles.Admin);
        var viewerToken = await host.Tokens.CreateAsync(admin, "read only", null, "viewer");
        Assert.Equal(AppRoles.Viewer, viewerToken.Info.Role);
        Assert.Equal(AppRoles.Viewer, (await host.Tokens.CheckAsync(viewerToken.Token)).Identity!.Role);

        var reviewer = await host.UserAsync(AppRoles.Annotator, canReview: true);
        Assert.True((await host.Tokens.CheckAsync((await host.Tokens.CreateAsync(reviewer, "all", null, null)).Token)).Identity!.CanReview);
        var narrowed = (await host.Tokens.CheckAsync((await host.Tokens.CreateAsync(reviewer, "browse", null, AppRoles.Viewer)).Token)).Identity!;
        Assert.Equal((AppRoles.Viewer, false), (narrowed.Role, narrowed.CanReview));

        var error = await Assert.ThrowsAsync<AccountException>(() => host.Tokens.CreateAsync(reviewer, "more", null, AppRoles.Scientist));
        Assert.Contains("cannot be stronger than its user", error.Message);

        // A user demoted below the token's role: the user's role wins.
        var scientist = await host.UserAsync(AppRoles.Scientist);
        var annotatorToken = await host.Tokens.CreateAsync(scientist, "labels", null, AppRoles.Annotator);
        await host.Users.SetRoleAsync(scientist, AppRoles.Viewer, actingUser: null);
        Assert.Equal(AppRoles.Viewer, (await host.Tokens.CheckAsync(annotatorToken.Token)).Identity!.Role);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason_and_store_nothing()
    {
        var user = await host.UserAsync(AppRoles.Viewer);
        foreach (var (name, days, role, message) in new (string?, int?, string?, string)[]
                 {
                     ("", null, null, "needs a name"), ("   ", null, null, "needs a name"), (new string('n', 101), null, null, "at most 100 characters"),
                     ("tab\there", null, null, "control characters"), ("zero", 0, null, "1 to 3650 days"), ("ten years", 3651, null, "1 to 3650 days"),
                     ("boss", null, "Owner", "Unknown role"),
                 })
            Assert.Contains(message, (await Assert.ThrowsAsync<AccountException>(() => host.Tokens.CreateAsync(user, name, days, role))).Message);
        Assert.Contains("no user named", (await Assert.ThrowsAsync<AccountException>(() => host.Tokens.CreateAsync("nobody-here", "x", null, null))).Message);
        Assert.Empty(await host.Tokens.ListAsync(user));
    }

    [Fact]
    public async Task A_user_holds_at_most_the_configured_number_of_live_tokens()
    {
        var user = await host.UserAsync(AppRoles.Viewer);
        var max = host.Services.GetRequiredService<IOptions<ApiTokenOptions>>().Value.MaxLivePerUser;
        var first = await host.Tokens.CreateAsync(user, "t0", null, null);
        for (var i = 1; i < max; i++) await host.Tokens.CreateAsync(user, $"t{i}", null, null);
        Assert.Contains($"at most {max}", (await Assert.ThrowsAsync<AccountException>(() => host.Tokens.CreateAsync(user, "one more", null, null))).Message);
        await host.Tokens.RevokeAsync(first.Info.Id, user);
        await host.Tokens.CreateAsync(user, "one more", null, null);
        Assert.Equal(max + 1, (await host.Tokens.ListAsync(user)).Count);
    }

    [Fact]
    public async Task A_checked_token_is_answered_from_memory_until_an_account_changes_in_any_process()
    {
        var user = await host.UserAsync(AppRoles.Scientist);
        var created = await host.Tokens.CreateAsync(user, "hot path", null, null);
        Assert.Null((await host.Tokens.CheckAsync(created.Token)).Refusal);

        // Revoked behind the service's back: the cached answer stands (no database read per request)...
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
            await db.ApiTokens.Where(t => t.Id == created.Info.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTime.UtcNow));
        }
        Assert.Null((await host.Tokens.CheckAsync(created.Token)).Refusal);

        // ...until another process (the CLI) reports a change through the marker file in the data directory.
        var otherProcess = new TokenPrincipalCache(host.Services.GetRequiredService<DataPaths>(), host.Services.GetRequiredService<IOptions<ApiTokenOptions>>(), host.Clock);
        otherProcess.AccountsChanged();
        Assert.StartsWith("The token was revoked", (await host.Tokens.CheckAsync(created.Token)).Refusal);
    }

    [Fact]
    public async Task The_last_use_is_written_at_most_once_a_minute()
    {
        var user = await host.UserAsync(AppRoles.Viewer);
        var created = await host.Tokens.CreateAsync(user, "busy script", null, null);
        var start = host.Clock.Now;
        try
        {
            await host.Tokens.CheckAsync(created.Token);
            Assert.Equal(start.UtcDateTime, (await RowAsync(created.Info.Id)).LastUsedAt);
            host.Clock.Advance(TimeSpan.FromSeconds(59));
            await host.Tokens.CheckAsync(created.Token);
            Assert.Equal(start.UtcDateTime, (await RowAsync(created.Info.Id)).LastUsedAt);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await host.Tokens.CheckAsync(created.Token);
            Assert.Equal(start.UtcDateTime.AddMinutes(1), (await RowAsync(created.Info.Id)).LastUsedAt);
            Assert.Equal(start.UtcDateTime.AddMinutes(1), Assert.Single(await host.Tokens.ListAsync(user)).LastUsedAt);
        }
        finally { host.Clock.Now = start; }
    }

    private static char Flip(char c) => c == 'A' ? 'B' : 'A';

    private async Task<NewsClassifier.Data.Accounts.ApiToken> RowAsync(int id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NewsDbContext>().ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id);
    }
}
