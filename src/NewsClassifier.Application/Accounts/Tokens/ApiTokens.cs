using System.Data.Common;
using System.Security.Cryptography;
using NewsClassifier.Data.Accounts;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>
/// Personal access tokens: a script, a notebook or a CMS acting as its user through <c>Authorization: Bearer</c>.
/// Created by their user (the profile page) or the CLI, listed by their user (Admins: everyone's), revoked by their
/// user or an Admin. A token acts with its user's current role, narrowed to its own role when it has one; revoked or
/// expired tokens, locked users and users without a role are refused. Checks come from <see cref="TokenPrincipalCache"/>
/// after the first request, so the database is read once per token and change, and written at most once a minute per
/// token (its last use).
/// </summary>
public sealed class ApiTokens(IServiceScopeFactory scopes, TokenPrincipalCache cache, IOptions<ApiTokenOptions> options, TimeProvider clock,
    ILogger<ApiTokens> logger)
{
    /// <summary>How often a token's last use is written: often enough to show "used today", rare enough that a busy
    /// script does not write on every request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a token for <paramref name="userName"/> that expires after <paramref name="expiresDays"/> days
    /// (null: never) and acts with <paramref name="role"/> (null: the user's role, whatever it is when used).</summary>
    public async Task<NewApiToken> CreateAsync(string userName, string? name, int? expiresDays, string? role, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) throw new AccountException("A token needs a name (what it is for, e.g. \"CMS import\").");
        if (trimmed.Length > ApiToken.MaxNameLength) throw new AccountException($"A token name has at most {ApiToken.MaxNameLength} characters (this one has {trimmed.Length}).");
        if (trimmed.Any(char.IsControl)) throw new AccountException("A token name cannot contain control characters.");
        var maxDays = options.Value.MaxExpiryDays;
        if (expiresDays is { } days && (days < 1 || days > maxDays))
            throw new AccountException($"A token expires after 1 to {maxDays} days, or never (got {days}).");
        string? canonicalRole = null;
        if (!string.IsNullOrWhiteSpace(role))
            canonicalRole = AppRoles.Find(role) ?? throw new AccountException($"Unknown role '{role.Trim()}'. Roles: {string.Join(", ", AppRoles.All)}.");

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        var user = await RequireUserAsync(db, userName, cancellationToken);
        var userRole = await RoleOfAsync(db, user.Id, cancellationToken)
            ?? throw new AccountException($"'{user.UserName}' has no role, so a token of theirs could do nothing.");
        if (canonicalRole is not null && Rank(canonicalRole) < Rank(userRole))
            throw new AccountException($"A token cannot be stronger than its user: '{user.UserName}' is {userRole}, so the token can be {string.Join(", ", AppRoles.All.Where(r => Rank(r) >= Rank(userRole)))}.");
        var now = clock.GetUtcNow().UtcDateTime;
        var live = await db.ApiTokens.CountAsync(t => t.UserId == user.Id && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), cancellationToken);
        if (live >= options.Value.MaxLivePerUser)
            throw new AccountException($"'{user.UserName}' already has {live} live tokens (at most {options.Value.MaxLivePerUser}): revoke unused ones first.");

        var secret = ApiTokenFormat.NewSecret();
        var token = new ApiToken
        {
            UserId = user.Id, Name = trimmed, SecretHash = ApiTokenFormat.Hash(secret), Role = canonicalRole, CreatedAt = now,
            ExpiresAt = expiresDays is { } d ? now.AddDays(d) : null,
        };
        // The shown prefix contains the id, known only after the insert: both writes in one transaction, so no row is left
        // without its prefix.
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            token.Id = 0;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync(cancellationToken);
            token.Prefix = ApiTokenFormat.Shown(token.Id, secret);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        logger.LogInformation("Access token {TokenId} '{Name}' created for {UserName} (role {Role}, expires {ExpiresAt})",
            token.Id, token.Name, user.UserName, canonicalRole ?? "the user's", token.ExpiresAt?.ToString("u") ?? "never");
        return new NewApiToken(Describe(token, user.UserName!, now), ApiTokenFormat.Format(token.Id, secret));
    }

    /// <summary>The tokens of <paramref name="userName"/>, or everyone's when null (Admins only: the caller checks),
    /// newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(string? userName, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        var query = db.ApiTokens.AsNoTracking();
        if (userName is not null)
        {
            var user = await RequireUserAsync(db, userName, cancellationToken);
            query = query.Where(t => t.UserId == user.Id);
        }
        var rows = await query.Select(t => new { Token = t, t.User!.UserName }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return rows.Select(r => Describe(r.Token, r.UserName ?? "", now)).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToList();
    }

    /// <summary>Revokes token <paramref name="tokenId"/>: its next request is refused, in every process. Allowed to its
    /// user and to Admins; <paramref name="actingUser"/> null is the CLI (whoever runs it owns the installation).</summary>
    public async Task<ApiTokenInfo> RevokeAsync(int tokenId, string? actingUser, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken)
            ?? throw new AccountException($"There is no token {tokenId}.");
        if (actingUser is not null && !string.Equals(token.User?.UserName, actingUser.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            var actor = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == actingUser.Trim().ToUpperInvariant(), cancellationToken);
            if (actor is null || await RoleOfAsync(db, actor.Id, cancellationToken) != AppRoles.Admin)
                throw new AccountException($"Token {tokenId} is not yours: only its owner or an Admin can revoke it.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (token.RevokedAt is null)
        {
            token.RevokedAt = now;
            token.RevokedBy = UserNames.Normalize(actingUser ?? "cli");
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Access token {TokenId} of {UserName} revoked (by {Actor})", token.Id, token.User?.UserName, token.RevokedBy);
        }
        cache.AccountsChanged();
        return Describe(token, token.User?.UserName ?? "", now);
    }

    /// <summary>Who <paramref name="token"/> acts as now, or why it is refused. Malformed input is refused before any
    /// lookup; a well-formed one is looked up by its id, and its secret compared in constant time with the stored hash.</summary>
    public async Task<ApiTokenCheck> CheckAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenFormat.TryParse(token, out var id, out var secretHash))
            return ApiTokenCheck.Refused("This is not a NewsClassifier access token (they read nct_<id>_<secret>).");
        var entry = cache.Find(id) ?? await ReadAsync(id, cancellationToken);
        if (entry is null || !CryptographicOperations.FixedTimeEquals(secretHash, entry.SecretHash))
            return ApiTokenCheck.Refused("Unknown token, or its user was deleted.");
        if (entry.Refusal is not null) return ApiTokenCheck.Refused(entry.Refusal);
        var now = clock.GetUtcNow();
        if (entry.ExpiresAt is { } expires && now.UtcDateTime >= expires)
            return ApiTokenCheck.Refused($"The token expired at {expires:u}.");
        if (entry.LockedUntil is { } until && until > now)
            return ApiTokenCheck.Refused($"The account '{entry.Identity.UserName}' is locked.");
        await RecordUseAsync(entry, now.UtcDateTime, cancellationToken);
        return ApiTokenCheck.Valid(entry.Identity);
    }

    private async Task<CachedToken?> ReadAsync(int id, CancellationToken cancellationToken)
    {
        var generation = cache.Generation;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        var row = await db.ApiTokens.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Id, t.UserId, t.SecretHash, t.Role, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.User!.UserName, t.User.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var userRole = await RoleOfAsync(db, row.UserId, cancellationToken);
        var role = userRole is null ? null : row.Role is null || Rank(row.Role) < Rank(userRole) ? userRole : row.Role;
        // An Annotator's "can review" claim; Admins and Scientists review by role, Viewers never.
        var canReview = role == AppRoles.Annotator &&
            await db.UserClaims.AnyAsync(c => c.UserId == row.UserId && c.ClaimType == AppClaims.CanReview && c.ClaimValue == "true", cancellationToken);
        var entry = new CachedToken
        {
            TokenId = row.Id, SecretHash = row.SecretHash, ExpiresAt = row.ExpiresAt, LockedUntil = row.LockoutEnd,
            Refusal = row.RevokedAt is { } revoked ? $"The token was revoked at {revoked:u}." : role is null ? $"'{row.UserName}' has no role." : null,
            Identity = new ApiTokenIdentity(row.Id, row.UserId, row.UserName ?? "", role, canReview),
            Generation = generation, ReadAt = clock.GetUtcNow(), LastUsedTicks = row.LastUsedAt?.Ticks ?? 0,
        };
        cache.Store(entry);
        return entry;
    }

    private async Task RecordUseAsync(CachedToken entry, DateTime now, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref entry.LastUsedTicks);
        if (now.Ticks - last < LastUseResolution.Ticks) return;
        if (Interlocked.CompareExchange(ref entry.LastUsedTicks, now.Ticks, last) != last) return; // another request writes it
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
            await db.ApiTokens.Where(t => t.Id == entry.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The request itself is fine; only "last used" lags. The next minute tries again.
            logger.LogWarning(e, "Could not record the last use of access token {TokenId}", entry.TokenId);
        }
    }

    private static ApiTokenInfo Describe(ApiToken t, string userName, DateTime now) => new(t.Id, userName, t.Name, t.Prefix, t.Role, t.CreatedAt,
        t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.RevokedBy,
        t.RevokedAt is not null ? ApiTokenState.Revoked : t.ExpiresAt is { } e && now >= e ? ApiTokenState.Expired : ApiTokenState.Active);

    private static async Task<AppUser> RequireUserAsync(NewsDbContext db, string userName, CancellationToken cancellationToken)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken)
            ?? throw new AccountException($"There is no user named '{userName.Trim()}'.");
    }

    /// <summary>The user's strongest role (users have one), or null.</summary>
    private static async Task<string?> RoleOfAsync(NewsDbContext db, string userId, CancellationToken cancellationToken)
    {
        var names = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).ToListAsync(cancellationToken);
        return AppRoles.All.FirstOrDefault(names.Contains);
    }

    /// <summary>Position in <see cref="AppRoles.All"/>: lower is stronger.</summary>
    private static int Rank(string role)
    {
        for (var i = 0; i < AppRoles.All.Count; i++) if (AppRoles.All[i] == role) return i;
        return int.MaxValue;
    }
}
