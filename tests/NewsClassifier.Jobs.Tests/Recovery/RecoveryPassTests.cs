using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Leases;
using NewsClassifier.Data;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Jobs.Recovery;

namespace NewsClassifier.Jobs.Tests.Recovery;

/// <summary>The recovery pass and the leases it deletes, on a real SQLite file, with a clock the test moves.</summary>
public sealed class RecoveryPassTests : IDisposable
{
    private const int RunId = 7;
    private static readonly LeaseOwner OtherMachine = new("other-machine", 4242, 1, "remote");
    private static readonly DateTime Start = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    private readonly string _directory = Directory.CreateTempSubdirectory("nc-recovery-pass-").FullName;
    private readonly Contexts _contexts;

    public RecoveryPassTests()
    {
        _contexts = new Contexts($"Data Source={Path.Combine(_directory, "news.db")}");
        using var db = _contexts.CreateDbContext();
        db.Database.EnsureCreated();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_lease_that_expires_after_the_pass_read_it_live_is_kept_and_the_next_sweep_recovers_its_running_row()
    {
        // The holder on another machine stops renewing; its lease runs out a minute after the first sweep's two reads.
        await using (var db = _contexts.CreateDbContext())
        {
            db.WorkLeases.Add(new WorkLease { Kind = WorkKinds.Training, WorkId = RunId, Owner = OtherMachine.Value, AcquiredAt = Start, ExpiresAt = Start.AddMinutes(1) });
            await db.SaveChangesAsync();
        }
        var clock = new ClockAfterReads(Start, reads: 2, then: Start.AddMinutes(2));
        var handler = new RunningRow();
        var pass = new RecoveryPass(_contexts, [handler], Leases(clock), NullLogger<RecoveryPass>.Instance);

        await pass.RunAsync(RecoveryScope.Sweep, CancellationToken.None);
        Assert.Empty(handler.Recovered); // held at both reads
        Assert.NotNull(await LeaseAsync()); // a pass that deleted it now would leave a running row no sweep recovers

        await pass.RunAsync(RecoveryScope.Sweep, CancellationToken.None);
        Assert.Equal([RunId], handler.Recovered); // dead at both reads: recovered
        Assert.Null(await LeaseAsync()); // and its lease deleted, its row no longer needing it
    }

    [Fact]
    public async Task A_dead_lease_taken_over_between_the_read_and_the_delete_stays()
    {
        await using (var db = _contexts.CreateDbContext())
        {
            db.WorkLeases.Add(new WorkLease { Kind = WorkKinds.Training, WorkId = RunId, Owner = OtherMachine.Value, AcquiredAt = Start, ExpiresAt = Start.AddMinutes(-1) });
            db.WorkLeases.Add(new WorkLease { Kind = WorkKinds.Training, WorkId = RunId + 1, Owner = OtherMachine.Value, AcquiredAt = Start, ExpiresAt = Start.AddMinutes(-1) });
            await db.SaveChangesAsync();
        }
        var leases = Leases(new ClockAfterReads(Start, reads: int.MaxValue, then: Start));
        List<WorkLease> dead;
        await using (var db = _contexts.CreateDbContext())
            (_, dead) = await leases.WorkIdsAsync(db, WorkKinds.Training, CancellationToken.None);
        Assert.Equal(2, dead.Count);

        var taker = Leases(new ClockAfterReads(Start, reads: int.MaxValue, then: Start));
        Assert.True(await taker.TryTakeAsync(WorkKinds.Training, RunId, CancellationToken.None));

        Assert.Equal(1, await leases.DeleteAsReadAsync(dead, CancellationToken.None));
        Assert.Equal(taker.Owner, (await LeaseAsync())!.Owner);
        await using var check = _contexts.CreateDbContext();
        Assert.False(await check.WorkLeases.AnyAsync(l => l.WorkId == RunId + 1));
    }

    private WorkLeases Leases(TimeProvider clock) =>
        new(_contexts, LeaseOwner.ForThisProcess(), Options.Create(new LeaseOptions()), clock, NullLogger<WorkLeases>.Instance);

    private async Task<WorkLease?> LeaseAsync()
    {
        await using var db = _contexts.CreateDbContext();
        return await db.WorkLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Kind == WorkKinds.Training && l.WorkId == RunId);
    }

    /// <summary>A training run that stays running until recovered; records what the pass hands it.</summary>
    private sealed class RunningRow : IRecoveryHandler
    {
        public List<int> Recovered { get; } = [];
        public string Kind => "training runs";
        public string LeaseKind => WorkKinds.Training;

        public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
            Task.FromResult(Recovered.Count == 0 ? new List<int> { RunId } : []);

        public Task<RecoveredRows> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
        {
            Recovered.AddRange(workIds);
            return Task.FromResult(new RecoveredRows(workIds.Count, []));
        }
    }

    /// <summary><paramref name="start"/> for the first <paramref name="reads"/> looks at the time, <paramref name="then"/> after.</summary>
    private sealed class ClockAfterReads(DateTime start, int reads, DateTime then) : TimeProvider
    {
        private int _reads;

        public override DateTimeOffset GetUtcNow() => Interlocked.Increment(ref _reads) <= reads ? start : then;
    }

    private sealed class Contexts(string connectionString) : IDbContextFactory<NewsDbContext>
    {
        public NewsDbContext CreateDbContext() =>
            new(((DbContextOptionsBuilder<NewsDbContext>)DataServiceExtensions.ConfigureSqlite(new DbContextOptionsBuilder<NewsDbContext>(), connectionString)).Options);
    }
}
