using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>
/// The run form's typed fields in Chromium (a switch, a select, number boxes checked as they are typed, a name and tag
/// chips), then the pages that show runs at 1440x900: the run page of a one-epoch and a multi-epoch run, the experiments
/// table with its runs chart, and compare with three runs. Screenshots go to a temp folder named in the test output.
/// </summary>
public class RunFormFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private static Dictionary<string, string> Tiny(int epochs, string learningRate) => new()
    {
        ["epochs"] = epochs.ToString(), ["vocab_size"] = "2000", ["max_length"] = "32", ["embed_dim"] = "8", ["key_dim"] = "8",
        ["ff_dim"] = "8", ["dense_units"] = "8", ["batch_size"] = "32", ["learning_rate"] = learningRate, ["early_stopping_patience"] = "0",
    };

    [Fact]
    public async Task Typed_fields_check_values_as_they_are_typed_and_a_valid_run_is_queued_with_its_name_and_tags()
    {
        var shots = Directory.CreateTempSubdirectory("nc-runs-shots-").FullName;
        output.WriteLine($"Screenshots in {shots}");
        var datasetId = await app.ImportSampleAsync("run-form-flow", 600);

        var page = await app.OpenAsync("/experiments/new");
        await page.SetViewportSizeAsync(1440, 900);

        // A boolean is a switch: clicking it turns the parameter off.
        var mask = page.Locator(".mud-switch").Filter(new() { HasText = "mask_padding" }).Locator("input");
        await Expect(mask).ToBeCheckedAsync();
        await page.Locator(".mud-switch").Filter(new() { HasText = "mask_padding" }).ClickAsync();
        await Expect(mask).Not.ToBeCheckedAsync();

        // An enum is a select with the recipe's choices.
        await ChooseAsync(page, "param-optimizer", "sgd");

        // A number box takes numbers only, within the recipe's range: 0 epochs is flagged on the field at once.
        var epochs = BrowserApp.Field(page, "param-epochs");
        await Expect(epochs).ToHaveAttributeAsync("type", "number");
        await Expect(epochs).ToHaveAttributeAsync("max", "1000");
        await epochs.FillAsync("0");
        await Expect(FieldControl(page, "param-epochs")).ToContainTextAsync("0 is out of range (allowed: 1..1000).");
        await Expect(page.GetByTestId("start-run")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("run-form-invalid")).ToBeVisibleAsync();
        await ShotAsync(page, Path.Combine(shots, "run-form-invalid.png"));

        // Corrected, the error goes and Queue is back.
        foreach (var (key, value) in Tiny(1, "0.01"))
        {
            await BrowserApp.Field(page, $"param-{key}").FillAsync(value);
        }
        await Expect(FieldControl(page, "param-epochs")).Not.ToContainTextAsync("out of range");
        await Expect(page.GetByTestId("start-run")).ToBeEnabledAsync();

        await BrowserApp.Field(page, "run-name").FillAsync("typed sgd, one epoch");
        await BrowserApp.Field(page, "run-tags").FillAsync("typed, e2e,");
        await Expect(page.GetByTestId("run-tag-chip")).ToHaveCountAsync(2);
        await ShotAsync(page, Path.Combine(shots, "run-form.png"));
        await page.GetByTestId("start-run").ClickAsync();

        // The run page is titled with the name; the run trains with what the fields said.
        await Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"));
        await Expect(page.GetByTestId("run-title")).ToHaveTextAsync("typed sgd, one epoch");
        var oneEpoch = int.Parse(Regex.Match(page.Url, "(\\d+)$").Value);
        var run = await WaitAsync(oneEpoch);
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal("typed,e2e", run.Tags);
        using (var scope = app.Services.CreateScope())
        {
            var parameters = (await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(oneEpoch, CancellationToken.None))!.Parameters;
            Assert.Equal("false", parameters["mask_padding"]);
            Assert.Equal("sgd", parameters["optimizer"]);
            Assert.Equal("1", parameters["epochs"]);
        }
        await page.ReloadAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Succeeded");
        await Expect(page.GetByTestId("chart-epoch-loss").Locator("circle")).Not.ToHaveCountAsync(0);
        await ShotAsync(page, Path.Combine(shots, "run-one-epoch.png"));

        // More runs: a multi-epoch run page, the table with the runs chart, compare with three.
        var threeEpochs = await TrainAsync(datasetId, Tiny(3, "0.003"), "three epochs");
        var more = new[] { await TrainAsync(datasetId, Tiny(2, "0.0003"), null), await TrainAsync(datasetId, Tiny(2, "0.03"), "fast lr") };
        await page.GotoAsync($"{app.BaseUrl}/experiments/{threeEpochs}");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("chart-accuracy")).ToBeVisibleAsync();
        await ShotAsync(page, Path.Combine(shots, "run-three-epochs.png"));

        await page.GotoAsync($"{app.BaseUrl}/experiments");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("scatter-point")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("runs-table")).ToContainTextAsync("typed sgd, one epoch");
        await ShotAsync(page, Path.Combine(shots, "experiments.png"));
        output.WriteLine(string.Join(" | ", await page.Locator("[data-testid=runs-table] thead th").EvaluateAllAsync<string[]>("ths => ths.map(t => t.textContent.trim() + ':' + Math.round(t.getBoundingClientRect().width) + ':' + t.innerHTML.length)")));
        // Rows stay one line tall at 1440 px with the default columns.
        foreach (var height in await page.Locator("tr.nc-run-row").EvaluateAllAsync<double[]>("rows => rows.map(r => r.getBoundingClientRect().height)"))
            Assert.InRange(height, 30, 60);
        var tableWidth = await page.Locator("[data-testid=runs-table] .mud-table-container").EvaluateAsync<double>("t => t.scrollWidth - t.clientWidth");
        Assert.True(tableWidth <= 1, $"the table overflows its box by {tableWidth} px");
        var pageWidth = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(pageWidth <= 1, $"the experiments page is {pageWidth} px wider than the window");
        await page.GetByTestId("runs-scatter").ScrollIntoViewIfNeededAsync();
        await page.GetByTestId("runs-scatter").ScreenshotAsync(new() { Path = Path.Combine(shots, "runs-scatter.png") });
        // A dot opens its run.
        await page.Locator($"[data-testid=scatter-point][data-run='{threeEpochs}']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/experiments/{threeEpochs}$"));

        await page.GotoAsync($"{app.BaseUrl}/compare?runs={oneEpoch},{threeEpochs},{more[1]}");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("confusion-matrix")).ToHaveCountAsync(3);
        // Each of the three matrices fits its card: nothing to scroll sideways.
        foreach (var overflow in await page.Locator(".mud-paper:has([data-testid=confusion-matrix])")
                     .EvaluateAllAsync<double[]>("cards => cards.map(c => c.scrollWidth - c.clientWidth)"))
            Assert.True(overflow <= 1, $"a confusion matrix overflows its card by {overflow} px");
        await ShotAsync(page, Path.Combine(shots, "compare-three.png"));
    }

    private async Task<int> TrainAsync(int datasetId, Dictionary<string, string> parameters, string? name)
    {
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<RunLauncher>()
            .SubmitAsync(new TrainingRequest(datasetId, "custom", parameters) { Name = name }, CancellationToken.None);
        var run = await WaitAsync(id);
        Assert.Equal(RunState.Succeeded, run.State);
        return id;
    }

    /// <summary>Generous: the machine is shared, and a run's snapshot and vocabulary come before its first step.</summary>
    private async Task<TrainingRun> WaitAsync(int id)
    {
        using var scope = app.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<RunQueries>();
        for (var i = 0; i < 1800; i++)
        {
            if (await runs.GetRunAsync(id, CancellationToken.None) is { IsFinished: true } run) return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {id} did not finish in 180 s");
    }

    /// <summary>The whole page from its top (scrolled down, a full-page capture draws the fixed app bar mid-page).</summary>
    private static async Task ShotAsync(IPage page, string path)
    {
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Style = ".mud-snackbar { visibility: hidden !important; }" });
    }

    private static ILocator FieldControl(IPage page, string testId) =>
        page.Locator(".mud-input-control").Filter(new() { Has = page.Locator($"[data-testid={testId}]") });

    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        var select = page.Locator(".mud-input-control.mud-select").Filter(new() { Has = page.GetByTestId(testId) });
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^" + Regex.Escape(option)) }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(select.Locator("input").First).ToHaveValueAsync(option);
    }
}
