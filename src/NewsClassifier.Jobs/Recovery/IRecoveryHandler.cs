namespace NewsClassifier.Jobs.Recovery;

/// <summary>Finds one kind of work (runs, imports, checkpoint imports, scoring) that the database shows as unfinished
/// after a restart and queues it again or closes it. Changes are saved by <see cref="JobRecovery"/>.</summary>
internal interface IRecoveryHandler
{
    /// <summary>What it recovers, for the log ("training runs", ...).</summary>
    string Kind { get; }

    /// <summary>Recovers the interrupted rows in <paramref name="db"/>; returns how many.</summary>
    Task<int> RecoverAsync(NewsDbContext db, CancellationToken cancellationToken);
}
