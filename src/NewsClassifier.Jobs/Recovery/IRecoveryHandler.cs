namespace NewsClassifier.Jobs.Recovery;

/// <summary>One kind of work (runs, imports, checkpoint imports, scoring, firings) that the database can show as
/// unfinished: which rows are (<see cref="UnfinishedAsync"/>), and what to do with those whose holder is gone
/// (<see cref="RecoverAsync"/>: queue them again or close them). <see cref="RecoveryPass"/> decides which are held by a
/// live process in between and saves the changes.</summary>
internal interface IRecoveryHandler
{
    /// <summary>What it recovers, for the log ("training runs", ...).</summary>
    string Kind { get; }

    /// <summary>The <see cref="Domain.Leases.WorkKinds"/> value its work is leased under.</summary>
    string LeaseKind { get; }

    /// <summary>The lease ids (<see cref="Domain.Leases.WorkLease.WorkId"/>) of the rows <paramref name="scope"/> looks at.</summary>
    Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken);

    /// <summary>Recovers the rows of <paramref name="workIds"/> still in the states <paramref name="scope"/> looks at: their new
    /// states are set on <paramref name="db"/>, and the jobs that take them up again are returned, to be queued only once
    /// those states are saved.</summary>
    Task<RecoveredRows> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken);
}
