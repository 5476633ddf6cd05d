namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>
/// How one kind of notification crosses processes: the PostgreSQL channel it travels on, the few keys another process
/// needs to find what changed (<see cref="Describe"/>: ids, never the state itself), and how that process rebuilds the
/// payload from the database (<see cref="ReadAsync"/>), so a subscriber never acts on state it did not read itself.
/// </summary>
public interface IRemoteNotice<T>
{
    /// <summary>A PostgreSQL identifier (lower case, no quoting needed).</summary>
    string Channel { get; }

    /// <summary>At most <see cref="NoticeText.MaxLength"/> characters: ids and counters only, so the limit holds by design.</summary>
    string Describe(T payload);

    /// <summary>The payload as the database now has it; null when the row is gone (or the notice names nothing known).</summary>
    Task<T?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken);
}
