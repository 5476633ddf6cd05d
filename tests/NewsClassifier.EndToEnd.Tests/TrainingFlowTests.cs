using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

public class TrainingFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>A tiny model: each epoch takes a fraction of a second on CPU.</summary>
    private static readonly Dictionary<string, string> TinyModel = new()
    {
        ["vocab_size"] = "2000", ["max_length"] = "32", ["embed_dim"] = "8", ["key_dim"] = "8",
        ["ff_dim"] = "8", ["dense_units"] = "8", ["batch_size"] = "32",
    };

    [Fact]
    public async Task Create_a_run_watch_it_refresh_open_it_and_classify_a_pasted_article()
    {
        await app.ImportSampleAsync("train-flow", 600);

        var page = await app.OpenAsync("/experiments/new");
        await FillParametersAsync(page, new Dictionary<string, string>(TinyModel) { ["epochs"] = "25", ["early_stopping_patience"] = "0" });
        await page.GetByTestId("start-run").ClickAsync();

        // The run page follows the job live.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/experiments/\\d+$"));
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
        // Generous: on a loaded CI machine (test projects run side by side) the snapshot and vocabulary come before step 1.
        await Expect(page.GetByTestId("run-step")).Not.ToHaveTextAsync("0", new() { Timeout = 30_000 });

        // A refreshed page (or another browser) shows the same live run.
        await page.ReloadAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("run-progress")).ToBeVisibleAsync();
        var stepBefore = int.Parse((await page.GetByTestId("run-step").TextContentAsync())!.Replace(",", ""));
        await Expect(page.GetByTestId("run-step")).Not.ToHaveTextAsync(stepBefore.ToString("N0"), new() { Timeout = 30_000 });

        // It finishes with an evaluation.
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("run-accuracy")).ToContainTextAsync("%");
        await Expect(page.GetByTestId("confusion-matrix")).ToContainTextAsync("Sci/Tech");
        await Expect(page.GetByTestId("model-summary")).ToContainTextAsync("transformer_block");

        // Classify a pasted article with this run's model.
        await page.GetByTestId("classify-with-run").ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await BrowserApp.Field(page, "classify-title").FillAsync("Oil prices climb as markets rally");
        await BrowserApp.Field(page, "classify-text").FillAsync("Crude futures rose and shares gained on Wall Street after strong earnings reports.");
        await page.GetByTestId("classify-button").ClickAsync();

        await Expect(page.GetByTestId("predicted-label")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(World|Sports|Business|Sci/Tech)$"));
        await Expect(page.GetByTestId("probability")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("attention-tokens")).ToContainTextAsync("crude");
        await Expect(page.GetByTestId("attention-matrix")).ToBeVisibleAsync();

        // Empty text gets a clear message.
        await BrowserApp.Field(page, "classify-title").FillAsync("");
        await BrowserApp.Field(page, "classify-text").FillAsync("");
        await page.GetByTestId("classify-button").ClickAsync();
        await Expect(page.GetByTestId("classify-error")).ToContainTextAsync("Paste a title or a text");
    }

    [Fact]
    public async Task A_running_run_is_cancelled_from_its_page()
    {
        await app.ImportSampleAsync("cancel-flow", 600);

        var page = await app.OpenAsync("/experiments/new");
        await FillParametersAsync(page, new Dictionary<string, string>(TinyModel) { ["epochs"] = "1000", ["early_stopping_patience"] = "0" });
        await page.GetByTestId("start-run").ClickAsync();
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });

        await page.GetByTestId("cancel-run").ClickAsync();
        // Cancel asks first; keeping the run is the other button.
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Stop run");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel the run" }).ClickAsync();

        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Cancelled", new() { Timeout = 30_000 });
        var list = await app.OpenAsync("/experiments");
        await Expect(list.GetByTestId("runs-table")).ToContainTextAsync("Cancelled");
    }

    /// <summary>Number fields take only numbers, so an out-of-range value is the wrong value left to type; each is
    /// flagged on its own field, with the recipe's message, and the run cannot be queued.</summary>
    [Fact]
    public async Task Bad_hyper_parameters_are_shown_next_to_the_form()
    {
        await app.ImportSampleAsync("form-flow", 200);
        var page = await app.OpenAsync("/experiments/new");
        await FillParametersAsync(page, new Dictionary<string, string> { ["epochs"] = "0", ["dropout"] = "0.95" });
        await Expect(FieldControl(page, "param-epochs")).ToContainTextAsync("0 is out of range (allowed: 1..1000).");
        await Expect(FieldControl(page, "param-dropout")).ToContainTextAsync("0.95 is out of range (allowed: 0..0.9).");
        await Expect(page.GetByTestId("start-run")).ToBeDisabledAsync();
    }

    private static ILocator FieldControl(IPage page, string testId) =>
        page.Locator(".mud-input-control").Filter(new() { Has = page.Locator($"[data-testid={testId}]") });

    /// <summary>Chooses the dataset and fills hyper-parameter fields of the new-run form.</summary>
    private static async Task FillParametersAsync(IPage page, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
        {
            var field = BrowserApp.Field(page, $"param-{key}");
            await field.FillAsync(value);
            await field.BlurAsync();
        }
    }
}
