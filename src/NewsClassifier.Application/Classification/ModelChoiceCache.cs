using System.Collections.Concurrent;
using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Classification;

/// <summary>
/// What <see cref="ModelResolver"/> last answered for a reference (the default, <c>name@alias</c>, <c>name:version</c>,
/// a run id), so a classify request does not ask the registry and the runs table again each time. Singleton.
/// <para>Every write in this process that can change an answer clears it at once: an alias set or removed, a version
/// registered or imported, a run deleted (the registry and the run catalog call <see cref="Invalidate"/>), a run
/// that succeeded (it may become the newest-run fallback; seen through <see cref="Notifier{T}"/> of run progress).
/// On PostgreSQL every process on the database hears an invalidation at once (<see cref="SharedCacheChange"/> through
/// its notifier, NOTIFY) and run progress likewise; on SQLite another process's writes (the CLI promoting) are seen when
/// an entry is older than <c>Inference:ResolvedModelSeconds</c>. Failures are never kept: a wrong reference asks the
/// database again.</para>
/// </summary>
public sealed class ModelChoiceCache : IDisposable
{
    /// <summary>Entries kept at most: real references are few (models x aliases/versions, runs); past this the cache
    /// starts over rather than grow with whatever a client sends.</summary>
    internal const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, (ModelChoice Choice, long StoredAt)> _choices = new(StringComparer.Ordinal);
    private readonly IOptions<InferenceOptions> _options;
    private readonly TimeProvider _clock;
    private readonly Notifier<RunProgress>? _runs;
    private readonly Notifier<SharedCacheChange>? _shared;
    private long _generation;

    public ModelChoiceCache(IOptions<InferenceOptions> options, TimeProvider clock, Notifier<RunProgress>? runs = null,
        Notifier<SharedCacheChange>? shared = null)
    {
        _options = options;
        _clock = clock;
        _runs = runs;
        _shared = shared;
        if (_runs is not null) _runs.Changed += OnRunProgress;
        if (_shared is not null) _shared.Changed += OnSharedChange;
    }

    /// <summary>Changes with every <see cref="Invalidate"/>: a resolution started before it is not stored after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Forgets every answer (something that decides what classifies has changed), here and in every other
    /// process on the database.</summary>
    public void Invalidate()
    {
        Forget();
        _shared?.Publish(new SharedCacheChange(SharedCache.ModelChoices));
    }

    private void Forget()
    {
        Interlocked.Increment(ref _generation);
        _choices.Clear();
    }

    public bool TryGet(string key, out ModelChoice choice)
    {
        choice = null!;
        if (!_choices.TryGetValue(key, out var entry)) return false;
        if (_clock.GetElapsedTime(entry.StoredAt) > MaxAge)
        {
            _choices.TryRemove(KeyValuePair.Create(key, entry));
            return false;
        }
        choice = entry.Choice;
        return true;
    }

    /// <summary>Keeps <paramref name="choice"/> unless the cache was invalidated since <paramref name="generation"/>
    /// (read before resolving): an answer computed from the old state must not outlive the change.</summary>
    public void Store(string key, long generation, ModelChoice choice)
    {
        if (MaxAge <= TimeSpan.Zero) return;
        if (_choices.Count >= MaxEntries) _choices.Clear();
        var entry = (choice, _clock.GetTimestamp());
        _choices[key] = entry;
        if (Generation != generation) _choices.TryRemove(KeyValuePair.Create(key, entry));
    }

    private TimeSpan MaxAge => TimeSpan.FromSeconds(_options.Value.ResolvedModelSeconds);

    private void OnRunProgress(RunProgress progress)
    {
        // Every process hears the run's progress itself: forgetting here is enough.
        if (progress.State == RunState.Succeeded) Forget();
    }

    private void OnSharedChange(SharedCacheChange change)
    {
        if (change.Cache == SharedCache.ModelChoices) Forget();
    }

    public void Dispose()
    {
        if (_runs is not null) _runs.Changed -= OnRunProgress;
        if (_shared is not null) _shared.Changed -= OnSharedChange;
    }
}
