using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Tests.Labeling;
using NewsClassifier.Domain.Labeling;
using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Leases;

/// <summary>A scoring stopped by a host stop goes back to Queued (recovery starts it again); its job cancelled while the
/// app keeps running (deleted in the Hangfire dashboard: scoring has no cancel button) ends Failed. The scorer is called
/// directly, its pass runner given a lifetime that says whether the host is stopping, and its token is cancelled as soon as it runs.</summary>
public sealed class ScoringStopTests(ScoredDatasetFixture fixture) : IClassFixture<ScoredDatasetFixture>
{
    [Fact]
    public async Task A_host_stop_puts_a_running_scoring_back_to_the_queue_and_a_job_cancel_ends_it_failed()
    {
        var stopped = await ScoreAndCancelAsync(hostStopping: true);
        Assert.Equal(ScoringState.Queued, stopped.ScoringState);
        Assert.Equal("The server stopped during scoring; it continues at the next start.", stopped.ScoringMessage);

        var cancelled = await ScoreAndCancelAsync(hostStopping: false);
        Assert.Equal(ScoringState.Failed, cancelled.ScoringState);
        Assert.Equal("Cancelled: start the scoring again.", cancelled.ScoringMessage);
    }

    private async Task<LabelingSettings> ScoreAndCancelAsync(bool hostStopping)
    {
        var app = fixture.App;
        using var job = new CancellationTokenSource();
        var lifetime = new FixedLifetime(hostStopping ? job.Token : CancellationToken.None);
        var notifier = app.Services.GetRequiredService<Notifier<LabelingSettings>>();
        void OnChanged(LabelingSettings s)
        {
            if (s.DatasetId == fixture.DatasetId && s.ScoringState == ScoringState.Running) job.Cancel();
        }
        notifier.Changed += OnChanged;
        try
        {
            using var scope = app.Services.CreateScope();
            var runner = ActivatorUtilities.CreateInstance<LabelingPassRunner>(scope.ServiceProvider, (IHostApplicationLifetime)lifetime);
            var scorer = ActivatorUtilities.CreateInstance<DatasetScorer>(scope.ServiceProvider, runner);
            await scorer.ScoreAsync(fixture.DatasetId, job.Token);
        }
        finally
        {
            notifier.Changed -= OnChanged;
        }
        Assert.True(job.IsCancellationRequested, "the scoring reached Running");
        return await QueryAsync(app, db => db.LabelingSettings.AsNoTracking().SingleAsync(s => s.DatasetId == fixture.DatasetId));
    }

    private sealed class FixedLifetime(CancellationToken stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => stopping;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
