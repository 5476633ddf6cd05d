using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.TestSupport.Databases;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Nodes;

/// <summary>A publish in one node reaches the other node's subscribers through PostgreSQL, with the state that node
/// read from the database, and the publishing node hears it once.</summary>
public sealed class CrossNodeNoticeTests(SharedDatabaseNodes nodes) : IClassFixture<SharedDatabaseNodes>
{
    [Fact]
    public async Task Run_progress_published_in_one_node_reaches_the_other_re_read_from_the_database_and_the_publisher_hears_it_once()
    {
        var dataset = await NodeSeed.DatasetAsync(nodes);
        var run = await NodeSeed.RunAsync(nodes, dataset.Id, RunState.Running);
        var (metrics, line) = await nodes.InDatabaseAsync(async db =>
        {
            var written = new[]
            {
                new RunMetric { RunId = run.Id, Name = RunMetricNames.StepLoss, Step = 4, Value = 0.7 },
                new RunMetric { RunId = run.Id, Name = RunMetricNames.StepLoss, Step = 5, Value = 0.5 },
            };
            var entry = new RunLogEntry(run.Id, DateTime.UtcNow, "epoch 1 of 2");
            db.RunMetrics.AddRange(written);
            db.RunLogEntries.Add(entry);
            await db.SaveChangesAsync();
            return (written, entry);
        });
        var heardByA = new List<RunProgress>();
        var notifierA = nodes.A.GetRequiredService<Notifier<RunProgress>>();
        notifierA.Changed += heardByA.Add;
        try
        {
            // The payload claims more than the row holds: the other node must show the row, not the claim.
            var claimed = new RunProgress(run.Id, RunState.Succeeded, 2, 2, 999, 1000, 0.01, TimeSpan.FromHours(1), metrics, [line]);
            var seen = await SharedDatabaseNodes.NextAsync<RunProgress>(nodes.B, p => p.RunId == run.Id, () =>
            {
                notifierA.Publish(claimed);
                return Task.CompletedTask;
            });

            Assert.Equal((RunState.Running, 1, 2, 5, 10, 0.5), (seen.State, seen.Epoch, seen.Epochs, seen.Step, seen.TotalSteps, seen.Loss));
            Assert.Equal(metrics.Select(m => (m.Id, m.Step, m.Value)), seen.NewMetrics.Select(m => (m.Id, m.Step, m.Value)));
            Assert.Equal("epoch 1 of 2", Assert.Single(seen.NewLog).Message);
            Assert.InRange(seen.Elapsed, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

            // A notice from B after A's own: once A hears B's, it has read past its own notice, which it must have dropped.
            var fromB = await SharedDatabaseNodes.NextAsync<RunProgress>(nodes.A, p => p.Step == 5, () =>
            {
                nodes.B.GetRequiredService<Notifier<RunProgress>>().Publish(seen with { NewMetrics = [], NewLog = [] });
                return Task.CompletedTask;
            });
            Assert.Empty(fromB.NewMetrics);
            Assert.Equal([999, 5], heardByA.Select(p => p.Step));
        }
        finally
        {
            notifierA.Changed -= heardByA.Add;
        }
    }

    [Fact]
    public async Task An_import_status_reaches_the_other_node_with_the_row_s_counters()
    {
        var import = await nodes.InDatabaseAsync(async db =>
        {
            var row = new DatasetImport
            {
                DatasetName = "remote", Source = "upload.csv", State = ImportState.Running, BytesTotal = 1000, BytesDone = 400, RowsRead = 12,
                CreatedAt = DateTime.UtcNow,
            };
            db.DatasetImports.Add(row);
            await db.SaveChangesAsync();
            return row;
        });

        var seen = await SharedDatabaseNodes.NextAsync<ImportStatus>(nodes.B, s => s.ImportId == import.Id, () =>
        {
            nodes.A.GetRequiredService<Notifier<ImportStatus>>().Publish(ImportStatus.From(import, "parsing") with { RowsRead = 5_000 });
            return Task.CompletedTask;
        });

        Assert.Equal((ImportState.Running, "parsing", 400L, 1000L, 12), (seen.State, seen.Phase, seen.BytesDone, seen.BytesTotal, seen.RowsRead));
    }

    [Fact]
    public async Task A_schedule_and_a_labelling_pass_reach_the_other_node_as_their_rows_are_in_the_database()
    {
        var datasetId = await PostgresSampleDataset.CreateAsync(nodes.ConnectionString, "row-notices", 20);
        var (schedule, settings) = await nodes.InDatabaseAsync(async db =>
        {
            var schedule = new Schedule { Name = "nightly", DatasetId = datasetId, Recipe = "tfidf-baseline", ModelName = "news", CreatedBy = "alice", CreatedAt = DateTime.UtcNow };
            var settings = new LabelingSettings { DatasetId = datasetId, ScoringState = ScoringState.Running, ScoringMessage = "Scoring 10/20" };
            db.AddRange(schedule, settings);
            await db.SaveChangesAsync();
            return (schedule, settings);
        });

        // The publisher's objects carry edits never saved: the other node must show the rows, not what was published.
        var seenSchedule = await SharedDatabaseNodes.NextAsync<Schedule>(nodes.B, s => s.Id == schedule.Id, () =>
        {
            nodes.A.GetRequiredService<Notifier<Schedule>>().Publish(new Schedule { Id = schedule.Id, Name = "unsaved", DatasetId = datasetId, Recipe = "custom", ModelName = "news" });
            return Task.CompletedTask;
        });
        var seenSettings = await SharedDatabaseNodes.NextAsync<LabelingSettings>(nodes.B, s => s.DatasetId == datasetId, () =>
        {
            nodes.A.GetRequiredService<Notifier<LabelingSettings>>().Publish(new LabelingSettings { DatasetId = datasetId, ScoringMessage = "unsaved" });
            return Task.CompletedTask;
        });

        Assert.Equal(("nightly", "tfidf-baseline"), (seenSchedule.Name, seenSchedule.Recipe));
        Assert.Equal((ScoringState.Running, "Scoring 10/20"), (seenSettings.ScoringState, seenSettings.ScoringMessage));
    }
}
