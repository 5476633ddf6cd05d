using Microsoft.Extensions.Options;
using NewsClassifier.Application.Leases;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Application.Tests.Leases;

/// <summary>Holders the lease tests put in the WorkLeases table, as other processes would.</summary>
internal static class LeaseTestSupport
{
    /// <summary>A holder on another machine: trusted until its lease expires (its process cannot be looked at).</summary>
    public static readonly LeaseOwner OtherMachine = new("other-machine", 4242, 1, "remote");

    /// <summary>A holder on this machine whose process does not exist (pid above Linux's pid_max of 4194304).</summary>
    public static LeaseOwner DeadLocal => new(LeaseOwner.MachineName, 99_999_999, 1, "dead");

    /// <summary>Another host in this (live) process: a second web server or CLI as far as the lease can tell.</summary>
    public static LeaseOwner OtherHostHere() => LeaseOwner.ForThisProcess();

    /// <summary>A WorkLeases that acts as <paramref name="owner"/> on <paramref name="app"/>'s database.</summary>
    public static WorkLeases LeasesOf(ITestApp app, LeaseOwner owner, LeaseOptions? options = null) =>
        ActivatorUtilities.CreateInstance<WorkLeases>(app.Services, owner, Options.Create(options ?? new LeaseOptions()));

    public static async Task InsertAsync(ITestApp app, string kind, int workId, LeaseOwner owner, TimeSpan expiresIn)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        db.WorkLeases.Add(new WorkLease { Kind = kind, WorkId = workId, Owner = owner.Value, AcquiredAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow + expiresIn });
        await db.SaveChangesAsync();
    }

    /// <summary>Waits for the lease to be released: the holder deletes it just after it wrote the work's final state.</summary>
    public static async Task<WorkLease?> ReleasedAsync(ITestApp app, string kind, int workId)
    {
        WorkLease? lease = null;
        for (int i = 0; i < 100 && (lease = await FindAsync(app, kind, workId)) is not null; i++) await Task.Delay(100);
        return lease;
    }

    public static async Task<WorkLease?> FindAsync(ITestApp app, string kind, int workId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.WorkLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Kind == kind && l.WorkId == workId);
    }
}
