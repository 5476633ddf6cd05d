using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Nodes;

/// <summary>The listening connection is killed on the server (as a failover or a restarted PostgreSQL would): the
/// listener reconnects with backoff and the node hears the others again. A fixture of its own: the other classes'
/// tests must not run while their listeners are away.</summary>
public sealed class NoticeReconnectTests(SharedDatabaseNodes nodes) : IClassFixture<SharedDatabaseNodes>
{
    [Fact]
    public async Task A_node_whose_listening_connection_is_killed_reconnects_and_hears_the_other_again()
    {
        var dataset = await NodeSeed.DatasetAsync(nodes);
        var run = await NodeSeed.RunAsync(nodes, dataset.Id, RunState.Running);
        var killed = await nodes.InDatabaseAsync(db => db.Database.SqlQueryRaw<bool>(
            "SELECT pg_terminate_backend(pid) AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'").ToListAsync());
        Assert.Equal(2, killed.Count(k => k));

        // Notices sent while a node is away are lost (the rows are not): publish until B hears one after reconnecting.
        var notifierB = nodes.B.GetRequiredService<Notifier<RunProgress>>();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(RunProgress p)
        {
            if (p.RunId == run.Id) heard.TrySetResult();
        }
        notifierB.Changed += OnChanged;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!heard.Task.IsCompleted)
            {
                nodes.A.GetRequiredService<Notifier<RunProgress>>().Publish(new RunProgress(run.Id, RunState.Running, 1, 2, 5, 10, 0.5, TimeSpan.Zero, [], []));
                await Task.WhenAny(heard.Task, Task.Delay(200, deadline.Token));
            }
        }
        finally
        {
            notifierB.Changed -= OnChanged;
        }
    }
}
