using Bunit;
using MudBlazor;
using NewsClassifier.Application.Runs;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Web.Components.Pages.Experiments;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>The experiments table's column chooser (remembered in the browser's local storage) and the runs chart
/// (a parameter against validation accuracy, one linked dot per listed run).</summary>
public class ExperimentsColumnsAndChartTests : RunPageTestContext
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;

    public ExperimentsColumnsAndChartTests()
    {
        _popovers = Render<MudPopoverProvider>();
    }

    /// <summary>Five runs, epochs 1..5 and learning rates 1e-4..1e-2, accuracy rising with the id; run 3 named.</summary>
    private async Task SeedAsync()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        string[] rates = ["0.0001", "0.0003", "0.001", "0.003", "0.01"];
        for (var i = 1; i <= 5; i++)
        {
            await RunAsync(datasetId, null, new() { ["epochs"] = i.ToString(), ["learning_rate"] = rates[i - 1], ["dropout"] = "0.1", ["optimizer"] = "adamw" },
                Diagonal, accuracy: 0.5 + i / 20.0, state: i == 5 ? RunState.Running : RunState.Succeeded);
        }
        await using var db = await Contexts.CreateDbContextAsync();
        var run = db.TrainingRuns.Single(r => r.Id == 3);
        run.Name = "the named one";
        await db.SaveChangesAsync();
    }

    private static IReadOnlyList<string> Headers(IRenderedComponent<ExperimentsPage> page) =>
        page.FindAll("[data-testid=runs-table] thead th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0).ToList();

    private async Task ToggleAsync(IRenderedComponent<ExperimentsPage> page, string label, bool shown)
    {
        if (!_popovers.FindComponents<MudCheckBox<bool>>().Any(c => c.Instance.Label == label))
            page.Find("[data-testid=column-chooser] button").Click(); // opens the menu (it stays open while boxes are toggled)
        var box = _popovers.FindComponents<MudCheckBox<bool>>().Single(c => c.Instance.Label == label);
        await box.InvokeAsync(() => box.Instance.ValueChanged.InvokeAsync(shown));
    }

    [Fact]
    public async Task The_default_columns_leave_device_and_started_by_out_and_show_the_run_name()
    {
        await SeedAsync();
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Contains("the named one", page.Find("[data-testid=runs-table]").TextContent));

        var headers = Headers(page);
        Assert.Contains("Key parameters", headers);
        Assert.Contains("Val. accuracy", headers);
        Assert.DoesNotContain("Device", headers);
        Assert.DoesNotContain("Started by", headers);
        Assert.Equal("the named one", page.Find("[data-testid=run-name-cell]").TextContent.Trim());
        // Every parameter is in the key-parameters cell's tooltip.
        Assert.Contains("optimizer=adamw", page.FindAll("[data-testid=key-parameters]")[0].GetAttribute("title"));
    }

    [Fact]
    public async Task Choosing_columns_shows_and_hides_them_and_the_choice_is_stored_in_the_browser()
    {
        await SeedAsync();
        JSInterop.SetupVoid("localStorage.setItem", _ => true).SetVoidResult();
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=run-link]").Count));

        await ToggleAsync(page, "Device", true);
        page.WaitForAssertion(() => Assert.Contains("Device", Headers(page)));
        await ToggleAsync(page, "Dataset", false);
        page.WaitForAssertion(() => Assert.DoesNotContain("Dataset", Headers(page)));
        await ToggleAsync(page, "epochs", true);
        page.WaitForAssertion(() => Assert.Equal(["5", "4", "3", "2", "1"], page.FindAll("[data-testid=param-cell-epochs]").Select(c => c.TextContent.Trim())));
        Assert.Contains("epochs", Headers(page));

        var stored = JSInterop.Invocations["localStorage.setItem"].Last().Arguments;
        Assert.Equal(RunColumns.StorageKey, stored[0]);
        var columns = RunColumns.Parse((string)stored[1]!);
        Assert.True(columns.Shows("device"));
        Assert.False(columns.Shows("dataset"));
        Assert.True(columns.Shows("param:epochs"));
    }

    [Fact]
    public async Task A_stored_choice_is_applied_when_the_page_opens()
    {
        await SeedAsync();
        JSInterop.Setup<string?>("localStorage.getItem", RunColumns.StorageKey).SetResult("device,param:dropout,accuracy");
        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Contains("Device", Headers(page)));
        var headers = Headers(page);
        Assert.Contains("dropout", headers);
        Assert.Contains("Val. accuracy", headers);
        Assert.DoesNotContain("Macro-F1", headers);
        Assert.DoesNotContain("Key parameters", headers);
        Assert.All(page.FindAll("[data-testid=param-cell-dropout]"), c => Assert.Equal("0.1", c.TextContent.Trim()));
    }

    [Fact]
    public async Task The_runs_chart_plots_a_chosen_parameter_against_accuracy_with_a_dot_linking_to_each_run()
    {
        await SeedAsync();
        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=scatter-point]").Count));
        Assert.Equal(["/experiments/5", "/experiments/4", "/experiments/3", "/experiments/2", "/experiments/1"],
            page.FindAll("[data-testid=scatter-point]").Select(a => a.GetAttribute("href")));
        // Learning rates span two decades: a log scale, with a tick per decade.
        var chart = page.Find("[data-testid=runs-scatter]");
        Assert.Contains("learning_rate (log scale)", chart.TextContent);
        Assert.Contains("1e-3", chart.TextContent);
        Assert.Contains("the named one", page.Find("[data-run='3'] title").TextContent);

        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Parameter");
        Assert.Equal("learning_rate", select.Find("input").GetAttribute("value"));
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("epochs"));

        page.WaitForAssertion(() => Assert.Contains(">epochs<", page.Find("[data-testid=scatter-svg]").InnerHtml));
        var xs = page.FindAll("[data-testid=scatter-point] circle").Select(c => double.Parse(c.GetAttribute("cx")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(xs.OrderDescending(), xs); // runs 5..1 have epochs 5..1
        var ys = page.FindAll("[data-testid=scatter-point] circle").Select(c => double.Parse(c.GetAttribute("cy")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ys.Order(), ys); // higher accuracy is higher up (smaller y)
    }

    [Fact]
    public void Scatter_points_come_from_runs_with_an_accuracy_and_a_numeric_value()
    {
        RunRow Row(int id, double? accuracy, Dictionary<string, string> parameters) => new(id, "custom", 1, "news", null, null, RunState.Succeeded, 1, 1, 1, 1,
            accuracy, accuracy, DateTime.UtcNow, null, null, "cpu", "t", [], null, false, [], null, parameters);
        var rows = new[]
        {
            Row(1, 0.8, new() { ["epochs"] = "3", ["optimizer"] = "adamw" }),
            Row(2, null, new() { ["epochs"] = "4" }),
            Row(3, 0.7, new() { ["optimizer"] = "sgd" }),
            Row(4, 0.9, new() { ["epochs"] = "not a number" }),
        };
        Assert.Equal(["epochs"], ScatterPoint.NumericParameters(rows));
        var point = Assert.Single(ScatterPoint.From(rows, "epochs"));
        Assert.Equal((1, 3.0, 0.8, "run 1"), (point.RunId, point.X, point.Accuracy, point.Label));
    }
}
