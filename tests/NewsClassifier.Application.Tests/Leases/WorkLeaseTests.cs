using System.Diagnostics;
using NewsClassifier.Application.Leases;
using NewsClassifier.Domain.Leases;
using static NewsClassifier.Application.Tests.Leases.LeaseTestSupport;

namespace NewsClassifier.Application.Tests.Leases;

/// <summary>Acquire, renew, release and liveness of WorkLeases against the real SQLite database, each holder a
/// WorkLeases with its own owner identity (as separate processes would have). Work ids are distinct per test.</summary>
public sealed class WorkLeaseTests(NewsHost app) : IClassFixture<NewsHost>
{
    private static readonly LeaseOptions Tiny = new() { DurationSeconds = 2, RenewSeconds = 1 };

    [Fact]
    public async Task A_live_holder_keeps_the_lease_from_every_other_host_and_from_a_second_job_of_its_own()
    {
        var first = LeasesOf(app, OtherHostHere());
        var second = LeasesOf(app, OtherHostHere());
        Assert.True(await first.TryTakeAsync(WorkKinds.Training, 101, CancellationToken.None));

        Assert.False(await second.TryTakeAsync(WorkKinds.Training, 101, CancellationToken.None));
        Assert.False(await first.TryTakeAsync(WorkKinds.Training, 101, CancellationToken.None)); // queued twice in one host: not run twice
        Assert.Equal(first.Owner, (await FindAsync(app, WorkKinds.Training, 101))!.Owner);
        Assert.NotNull(await second.LiveHolderAsync(WorkKinds.Training, 101, CancellationToken.None));

        await first.ReleaseAsync(WorkKinds.Training, 101);
        Assert.True(await second.TryTakeAsync(WorkKinds.Training, 101, CancellationToken.None));
    }

    [Fact]
    public async Task Two_hosts_racing_for_a_free_lease_get_it_once()
    {
        var hosts = Enumerable.Range(0, 6).Select(_ => LeasesOf(app, OtherHostHere())).ToList();
        var results = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.TryTakeAsync(WorkKinds.Import, 102, CancellationToken.None))));
        Assert.Single(results, taken => taken);
    }

    [Fact]
    public async Task The_lease_of_a_dead_process_on_this_machine_is_free_at_once_though_not_expired()
    {
        await InsertAsync(app, WorkKinds.Training, 103, DeadLocal, TimeSpan.FromHours(1));
        Assert.False(LeaseLiveness.ProcessMayLive(DeadLocal.Value));
        Assert.Null(await LeasesOf(app, OtherHostHere()).LiveHolderAsync(WorkKinds.Training, 103, CancellationToken.None));

        var taker = LeasesOf(app, OtherHostHere());
        Assert.True(await taker.TryTakeAsync(WorkKinds.Training, 103, CancellationToken.None));
        Assert.Equal(taker.Owner, (await FindAsync(app, WorkKinds.Training, 103))!.Owner);
    }

    [Fact]
    public void A_live_process_is_told_from_a_reused_pid_by_its_start_time()
    {
        using var me = Process.GetCurrentProcess();
        var live = new LeaseOwner(LeaseOwner.MachineName, me.Id, me.StartTime.ToUniversalTime().Ticks, "x");
        var reused = live with { StartTicks = live.StartTicks - TimeSpan.TicksPerHour };
        Assert.True(LeaseLiveness.ProcessMayLive(live.Value));
        Assert.False(LeaseLiveness.ProcessMayLive(reused.Value));
        Assert.True(LeaseLiveness.ProcessMayLive(OtherMachine.Value)); // another machine: only the expiry tells
        Assert.Equal(live, LeaseOwner.Parse(live.Value));
        Assert.True(LeaseOwner.ForThisProcess().Value.Length <= WorkLease.MaxOwnerLength);
    }

    [Fact]
    public async Task A_lease_held_on_another_machine_is_respected_until_it_expires_then_taken_over()
    {
        await InsertAsync(app, WorkKinds.Pretrained, 104, OtherMachine, TimeSpan.FromHours(1));
        await InsertAsync(app, WorkKinds.Pretrained, 105, OtherMachine, TimeSpan.FromSeconds(-1));
        var taker = LeasesOf(app, OtherHostHere());

        Assert.False(await taker.TryTakeAsync(WorkKinds.Pretrained, 104, CancellationToken.None));
        Assert.True(await taker.TryTakeAsync(WorkKinds.Pretrained, 105, CancellationToken.None));
        var taken = await FindAsync(app, WorkKinds.Pretrained, 105);
        Assert.Equal(taker.Owner, taken!.Owner);
        Assert.True(taken.ExpiresAt > DateTime.UtcNow.AddSeconds(50), "taken for a whole DurationSeconds (60)");
    }

    [Fact]
    public async Task The_heartbeat_keeps_the_lease_across_a_step_longer_than_its_duration_and_releases_it_at_the_end()
    {
        var holder = LeasesOf(app, OtherHostHere(), Tiny);
        var other = LeasesOf(app, OtherMachine, Tiny);
        await using (var lease = await holder.TryAcquireAsync(WorkKinds.Scoring, 106, CancellationToken.None))
        {
            Assert.NotNull(lease);
            await Task.Delay(TimeSpan.FromSeconds(5)); // a step 2.5 times the lease's duration
            Assert.False(await other.TryTakeAsync(WorkKinds.Scoring, 106, CancellationToken.None));
            Assert.False(lease.IsLost);
            Assert.True((await FindAsync(app, WorkKinds.Scoring, 106))!.ExpiresAt > DateTime.UtcNow);
        }
        Assert.Null(await FindAsync(app, WorkKinds.Scoring, 106));
        Assert.True(await other.TryTakeAsync(WorkKinds.Scoring, 106, CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_another_process_took_over_fires_lost_and_is_not_deleted_by_the_old_holder()
    {
        var holder = LeasesOf(app, OtherHostHere(), Tiny);
        var lease = await holder.TryAcquireAsync(WorkKinds.Firing, 107, CancellationToken.None);
        Assert.NotNull(lease);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
            await db.WorkLeases.Where(l => l.Kind == WorkKinds.Firing && l.WorkId == 107)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Owner, OtherMachine.Value).SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddHours(1)));

        var lost = new TaskCompletionSource();
        using var registration = lease.Lost.Register(() => lost.TrySetResult());
        Assert.Same(lost.Task, await Task.WhenAny(lost.Task, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.True(lease.IsLost);

        await lease.DisposeAsync();
        Assert.Equal(OtherMachine.Value, (await FindAsync(app, WorkKinds.Firing, 107))!.Owner);
    }

    [Fact]
    public void Renewing_as_often_as_the_lease_lasts_is_refused()
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new LeaseOptions { DurationSeconds = 10, RenewSeconds = 10 };
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("Leases:RenewSeconds"));
    }
}
