using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>Two runs -> compare -> register and promote one -> Classify answers with the production model.</summary>
public class CompareAndPromoteFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static Dictionary<string, string> Tiny(string learningRate) => new()
    {
        ["epochs"] = "2", ["vocab_size"] = "2000", ["max_length"] = "32", ["embed_dim"] = "8", ["key_dim"] = "8",
        ["ff_dim"] = "8", ["dense_units"] = "8", ["batch_size"] = "32", ["learning_rate"] = learningRate,
    };

    [Fact]
    public async Task Compare_two_runs_promote_one_and_classify_with_production()
    {
        var datasetId = await app.ImportSampleAsync("promote-flow", 600);
        var first = await TrainAsync(datasetId, Tiny("0.003"));
        var second = await TrainAsync(datasetId, Tiny("0.01"));

        // Select both in the experiments table and compare them.
        var page = await app.OpenAsync("/experiments");
        await Expect(Check(page, $"select-run-{second}")).ToBeVisibleAsync();
        await Check(page, $"select-run-{first}").CheckAsync();
        await Check(page, $"select-run-{second}").CheckAsync();
        await page.GetByTestId("compare-selected").ClickAsync();
        // Blazor navigates inside the page (pushState, no load event): poll the address instead.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/compare\\?runs="));
        await Expect(page.GetByTestId("parameter-table")).ToContainTextAsync("learning_rate");
        await Expect(page.GetByTestId("metrics-table")).ToContainTextAsync("Macro-F1");
        await Expect(page.GetByTestId("snapshot-warning")).ToHaveCountAsync(0); // same data, same split: comparable
        await Expect(page.GetByTestId("disagreements")).ToBeVisibleAsync();

        // Register the second run's model and promote it to production, with a reason.
        await page.GotoAsync($"{app.BaseUrl}/experiments/{second}");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await page.GetByTestId("register-model").ClickAsync();
        await BrowserApp.Field(page, "register-name").FillAsync("news-topics");
        await page.GetByTestId("register-confirm").ClickAsync();
        // Navigation inside the circuit: wait for the model page's own content, not the circuit flag.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/models/news-topics$"));
        await Expect(page.GetByTestId("model-title")).ToContainTextAsync("news-topics");
        await page.GetByTestId("promote-production").First.ClickAsync();
        await Expect(page.GetByTestId("promote-dialog")).ToBeVisibleAsync();
        await BrowserApp.Field(page, "promote-reason").FillAsync("Higher macro-F1 on the same snapshot");
        await page.GetByTestId("promote-confirm").ClickAsync();
        await Expect(page.GetByTestId("audit-log")).ToContainTextAsync("Higher macro-F1 on the same snapshot");
        await Expect(page.GetByTestId("audit-log")).ToContainTextAsync(BrowserApp.AdminUser); // who: the signed-in user
        await Expect(page.GetByTestId("model-alias")).ToContainTextAsync("production");

        // Classify answers with production by default.
        await page.GotoAsync($"{app.BaseUrl}/classify");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await BrowserApp.Field(page, "classify-text").FillAsync("The central bank raised interest rates and shares fell.");
        await page.GetByTestId("classify-button").ClickAsync();
        await Expect(page.GetByTestId("predicted-label")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("answered-by")).ToContainTextAsync("news-topics");
        await Expect(page.GetByTestId("answered-by")).ToContainTextAsync($"run {second}");
    }

    /// <summary>Queues a run through the app's own queue and waits for the job to finish it.</summary>
    private async Task<int> TrainAsync(int datasetId, Dictionary<string, string> parameters)
    {
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<RunLauncher>()
            .SubmitAsync(new TrainingRequest(datasetId, "custom", parameters), CancellationToken.None);
        var runs = scope.ServiceProvider.GetRequiredService<RunQueries>();
        for (int i = 0; i < 1200; i++)
        {
            var run = await runs.GetRunAsync(id, CancellationToken.None);
            if (run!.IsFinished)
            {
                Assert.Equal(RunState.Succeeded, run.State);
                return id;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {id} did not finish");
    }

    private static ILocator Check(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
}
