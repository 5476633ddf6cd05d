using System.Net;
using Microsoft.Extensions.Caching.Memory;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// Lockout after failed sign-ins, per client address and user name rather than per account. Identity's own lockout
/// (per account) lets anyone who knows a user name lock that user out, and by repeating every few minutes keep the only
/// Admin out for good. Here <see cref="AccountOptions.MaxFailedSignIns"/> failures from one address lock that address
/// out of that user for <see cref="AccountOptions.LockoutMinutes"/>; the user signs in from their own address as usual.
/// Guessing across addresses and names is bounded by the per-address sign-in rate limit. An Admin's explicit lock
/// (Identity's LockoutEnd) still applies. The state lives in this process (a restart forgets it), in a bounded cache.
/// </summary>
public sealed class SignInThrottle(IOptions<AccountOptions> options, TimeProvider clock) : IDisposable
{
    /// <summary>Pairs tracked at once; past it, new pairs go uncounted until old ones expire (the rate limit still holds).</summary>
    public const int MaxTrackedPairs = 100_000;

    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = MaxTrackedPairs });

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset LockedUntil;
    }

    public bool IsLockedOut(IPAddress? address, string userName) =>
        _failures.TryGetValue(Key(address, userName), out Entry? entry) && entry!.LockedUntil > clock.GetUtcNow();

    public void RecordFailure(IPAddress? address, string userName)
    {
        var now = clock.GetUtcNow();
        var lockout = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        var key = Key(address, userName);
        lock (_failures)
        {
            var entry = _failures.TryGetValue(key, out Entry? found) ? found! : new Entry();
            if (entry.LockedUntil <= now && ++entry.Failures >= options.Value.MaxFailedSignIns)
            {
                entry.LockedUntil = now + lockout;
                entry.Failures = 0;
            }
            // Forgotten a lockout period after the last failure: a slow trickle of typos never adds up to a lock.
            _failures.Set(key, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = now + lockout });
        }
    }

    public void Reset(IPAddress? address, string userName) => _failures.Remove(Key(address, userName));

    private static string Key(IPAddress? address, string userName) => $"{address?.ToString() ?? "unknown"}\n{userName.ToUpperInvariant()}";

    public void Dispose() => _failures.Dispose();
}
