using System.Text.RegularExpressions;
using NewsClassifier.Jobs.Servers;
using NewsClassifier.TestSupport;
using NewsClassifier.TestSupport.Databases;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests.TwoProcess;

/// <summary>Scaling out, end to end: a run queued in the browser on a web node that does not train is trained by the
/// worker process; the run page follows it live (PostgreSQL NOTIFY from the worker, the page re-reading the row) and the
/// web node classifies with the model the worker wrote to the shared artifacts directory.</summary>
public sealed class WorkerTrainingFlowTests(PostgresWorkerApp app) : IClassFixture<PostgresWorkerApp>
{
    [Fact]
    public async Task A_run_queued_in_the_browser_is_trained_by_the_worker_shown_live_and_classified_with_on_the_web_node()
    {
        // Seeded through EF (the same rows the importer writes), so this flow depends on the job and notice paths only.
        await PostgresSampleDataset.CreateAsync(app.ConnectionString, "two-process", 600);

        var page = await app.OpenAsync("/experiments/new");
        foreach (var (key, value) in new Dictionary<string, string>(SampleData.TinyModel) { ["epochs"] = "15", ["early_stopping_patience"] = "0" })
        {
            var field = BrowserApp.Field(page, $"param-{key}");
            await field.FillAsync(value);
            await field.BlurAsync();
        }
        await page.GetByTestId("start-run").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"));
        int runId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        // A mark on this document: if the page reloaded, it would be gone.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        // The worker takes it (the web node has no training server) and the page follows without a reload.
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Running", new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("run-step")).Not.ToHaveTextAsync("0", new() { Timeout = 60_000 });
        var step = await page.GetByTestId("run-step").TextContentAsync();
        await Expect(page.GetByTestId("run-step")).Not.ToHaveTextAsync(step!, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("run-accuracy")).ToContainTextAsync("%");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the run page reloaded");
        Assert.Equal((JobServerName.WorkerRole, app.Worker.Id), await app.TrainedByAsync(runId));

        // The web node classifies with the worker's model (read from the shared artifacts directory).
        await page.GetByTestId("classify-with-run").ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await BrowserApp.Field(page, "classify-title").FillAsync("Oil prices climb as markets rally");
        await BrowserApp.Field(page, "classify-text").FillAsync("Crude futures rose and shares gained on Wall Street after strong earnings reports.");
        await page.GetByTestId("classify-button").ClickAsync();
        await Expect(page.GetByTestId("predicted-label")).ToHaveTextAsync(new Regex("^(World|Sports|Business|Sci/Tech)$"));
        await Expect(page.GetByTestId("probability")).ToHaveCountAsync(4);
    }
}
