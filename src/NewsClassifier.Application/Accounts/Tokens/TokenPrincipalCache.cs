using System.Collections.Concurrent;
using NewsClassifier.Application.Hosting.Notices;

namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>
/// Checked tokens by id, so an API request with a token does not read the database. Any change to who a token acts
/// as (a revocation, a user's role, lock, review permission or deletion) calls <see cref="AccountsChanged"/>, which
/// empties the cache in this process and tells the others. On SQLite it touches a marker file in the data directory;
/// every lookup compares the marker's time (one stat, no database), so a change made by the CLI or another web process
/// on the machine applies at the next request too. On PostgreSQL the processes share no directory: the change goes out
/// as a <see cref="SharedCacheChange"/> notice (NOTIFY), which every other process applies as soon as it arrives
/// (milliseconds; no marker file). Entries also end after <see cref="ApiTokenOptions.CacheSeconds"/>. Bounded: past
/// <see cref="MaxEntries"/> it starts empty again rather than grow.
/// </summary>
public sealed class TokenPrincipalCache
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<int, CachedToken> _entries = new();
    private readonly Lock _gate = new();
    private readonly IOptions<ApiTokenOptions> _options;
    private readonly TimeProvider _clock;
    /// <summary>The marker file (SQLite); null on PostgreSQL, where <see cref="_shared"/> carries the change.</summary>
    private readonly string? _marker;
    private readonly Notifier<SharedCacheChange>? _shared;
    private long _generation;
    private DateTime _markerSeen = DateTime.MinValue;

    public TokenPrincipalCache(DataPaths paths, IOptions<ApiTokenOptions> options, TimeProvider clock, DatabaseTarget? target = null,
        Notifier<SharedCacheChange>? shared = null)
    {
        _options = options;
        _clock = clock;
        bool postgres = target?.IsPostgres == true && shared is not null;
        _marker = postgres ? null : Path.Combine(paths.DataDirectory, "accounts.changed");
        _shared = postgres ? shared : null;
        if (_shared is not null) _shared.Changed += OnSharedChange;
    }

    /// <summary>The generation to stamp on an entry about to be read from the database (take it before reading, so a
    /// change that lands during the read makes the entry stale instead of being lost).</summary>
    public long Generation
    {
        get
        {
            NoticeOtherProcesses();
            return Interlocked.Read(ref _generation);
        }
    }

    public CachedToken? Find(int tokenId)
    {
        var generation = Generation;
        if (!_entries.TryGetValue(tokenId, out var entry)) return null;
        if (entry.Generation == generation && _clock.GetUtcNow() - entry.ReadAt < TimeSpan.FromSeconds(_options.Value.CacheSeconds)) return entry;
        _entries.TryRemove(KeyValuePair.Create(tokenId, entry));
        return null;
    }

    public void Store(CachedToken entry)
    {
        if (entry.Generation != Interlocked.Read(ref _generation)) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[entry.TokenId] = entry;
    }

    /// <summary>Forgets every checked token here and tells other processes to do the same.</summary>
    public void AccountsChanged()
    {
        if (_marker is null)
        {
            Forget();
            _shared!.Publish(new SharedCacheChange(SharedCache.ApiTokens));
            return;
        }
        lock (_gate)
        {
            Forget();
            // A time strictly after the last one: two changes within the file system's timestamp granularity still differ.
            var previous = File.Exists(_marker) ? File.GetLastWriteTimeUtc(_marker) : DateTime.MinValue;
            var now = _clock.GetUtcNow().UtcDateTime;
            var stamp = now > previous ? now : previous.AddTicks(1);
            File.WriteAllBytes(_marker, []);
            File.SetLastWriteTimeUtc(_marker, stamp);
            _markerSeen = stamp;
        }
    }

    private void OnSharedChange(SharedCacheChange change)
    {
        if (change.Cache == SharedCache.ApiTokens) Forget();
    }

    private void Forget()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private void NoticeOtherProcesses()
    {
        if (_marker is null) return;
        // A missing file reads as 1601-01-01: no change was ever made, nothing to forget.
        var stamp = File.GetLastWriteTimeUtc(_marker);
        if (stamp == _markerSeen) return;
        lock (_gate)
        {
            if (stamp == _markerSeen) return;
            _markerSeen = stamp;
            Forget();
        }
    }
}
