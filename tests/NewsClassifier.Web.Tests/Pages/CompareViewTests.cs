using Bunit;
using MudBlazor;
using NewsClassifier.Web.Components.Pages.Compare;

namespace NewsClassifier.Web.Tests.Pages;

public class CompareViewTests : RunPageTestContext
{
    public CompareViewTests()
    {
        Render<MudPopoverProvider>();
    }

    private static Dictionary<string, string> Parameters(string learningRate) =>
        new() { ["epochs"] = "2", ["learning_rate"] = learningRate, ["batch_size"] = "32" };

    [Fact]
    public async Task Parameters_that_differ_are_highlighted_and_runs_on_one_snapshot_carry_no_warning()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var snapshot = await SnapshotAsync(datasetId, "aaaa1111");
        var a = await RunAsync(datasetId, snapshot, Parameters("0.001"), Diagonal);
        var b = await RunAsync(datasetId, snapshot, Parameters("0.0005"), Diagonal);

        var view = Render<CompareView>(p => p.Add(x => x.RunIds, new[] { a, b }));

        view.WaitForAssertion(() =>
        {
            var rate = view.Find("[data-testid=parameter-table] tr[data-parameter=learning_rate]");
            Assert.Equal("true", rate.GetAttribute("data-differs"));
            Assert.Contains("0.0005", rate.TextContent);
            Assert.Equal("false", view.Find("tr[data-parameter=epochs]").GetAttribute("data-differs"));
            Assert.Equal("false", view.Find("tr[data-parameter=batch_size]").GetAttribute("data-differs"));
        });
        Assert.Empty(view.FindAll("[data-testid=snapshot-warning]"));
        Assert.Contains("Accuracy", view.Find("[data-testid=metrics-table]").TextContent);
        Assert.Contains("F1 Sports", view.Find("[data-testid=metrics-table]").TextContent);
        Assert.Equal(2, view.FindAll("[data-testid=compare-step-loss] polyline").Count);

        view.Find("[data-testid=only-differences]").Change(true);
        var rows = view.FindAll("[data-testid=parameter-table] tbody tr");
        Assert.Equal("learning_rate", Assert.Single(rows).GetAttribute("data-parameter"));
    }

    [Fact]
    public async Task The_disagreement_list_shows_only_articles_predicted_differently_and_links_to_them()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var ids = await ArticleIdsAsync(datasetId);
        var snapshot = await SnapshotAsync(datasetId, "bbbb2222");
        // Both right on "Talks resume" and "Shares fall"; they differ on "Cup final" (A right) and "New chip" (B right).
        var a = await RunAsync(datasetId, snapshot, Parameters("0.001"), Diagonal, [(ids[0], 0, 0), (ids[1], 1, 1), (ids[2], 2, 2), (ids[3], 3, 2)]);
        var b = await RunAsync(datasetId, snapshot, Parameters("0.001"), Diagonal, [(ids[0], 0, 0), (ids[1], 1, 0), (ids[2], 2, 2), (ids[3], 3, 3)]);

        var view = Render<CompareView>(p => p.Add(x => x.RunIds, new[] { a, b }));

        view.WaitForAssertion(() => Assert.Contains("2 of 4", view.Find("[data-testid=disagreement-count]").TextContent));
        var rows = view.FindAll("[data-testid=disagreement-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("Cup final", rows[0].TextContent);
        Assert.Contains("Sports", rows[0].TextContent); // true label and A's prediction
        Assert.Contains("World", rows[0].TextContent);  // B's prediction
        Assert.Contains("75%", rows[0].TextContent);
        Assert.Equal($"/datasets/{datasetId}/articles/{ids[1]}", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("New chip", rows[1].TextContent);
        Assert.DoesNotContain("Talks resume", view.Find("[data-testid=disagreement-table]").TextContent);
    }

    [Fact]
    public async Task Runs_on_different_snapshots_are_flagged_and_compared_only_on_shared_validation_articles()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var ids = await ArticleIdsAsync(datasetId);
        var first = await SnapshotAsync(datasetId, "cccc3333");
        var second = await SnapshotAsync(datasetId, "dddd4444");
        // Validation sets {0,1,2} and {1,2,3}: only 1 and 2 are in both; they disagree on 2 (and on 0/3, which are not shared).
        var a = await RunAsync(datasetId, first, Parameters("0.001"), Diagonal, [(ids[0], 0, 1), (ids[1], 1, 1), (ids[2], 2, 2)]);
        var b = await RunAsync(datasetId, second, Parameters("0.001"), Diagonal, [(ids[1], 1, 1), (ids[2], 2, 3), (ids[3], 3, 0)]);

        var view = Render<CompareView>(p => p.Add(x => x.RunIds, new[] { a, b }));

        view.WaitForAssertion(() =>
        {
            var warning = view.Find("[data-testid=snapshot-warning]").TextContent;
            Assert.Contains("Not directly comparable", warning);
            Assert.Contains("cccc3333", warning);
            Assert.Contains("dddd4444", warning);
            Assert.Contains("1 of 2", view.Find("[data-testid=disagreement-count]").TextContent);
        });
        Assert.Contains("Shares fall", Assert.Single(view.FindAll("[data-testid=disagreement-table] tbody tr")).TextContent);
    }

    [Fact]
    public async Task Two_runs_show_their_confusion_matrices_and_the_difference_b_minus_a()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var snapshot = await SnapshotAsync(datasetId, "eeee5555");
        int[][] matrixA = [[5, 1, 0, 0], [2, 4, 0, 0], [0, 0, 6, 0], [0, 0, 0, 6]];
        int[][] matrixB = [[6, 0, 0, 0], [1, 5, 0, 0], [0, 0, 6, 0], [0, 0, 3, 3]];
        var a = await RunAsync(datasetId, snapshot, Parameters("0.001"), matrixA);
        var b = await RunAsync(datasetId, snapshot, Parameters("0.001"), matrixB);

        var view = Render<CompareView>(p => p.Add(x => x.RunIds, new[] { a, b }));

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=confusion-matrix]").Count));
        var difference = view.Find("[data-testid=difference-matrix]");
        string Cell(int r, int c) => difference.QuerySelector($"td[data-cell='{r},{c}']")!.TextContent.Trim();
        Assert.Equal("+1", Cell(0, 0));
        Assert.Equal("-1", Cell(0, 1));
        Assert.Equal("-1", Cell(1, 0));
        Assert.Equal("+1", Cell(1, 1));
        Assert.Equal("0", Cell(2, 2));
        Assert.Equal("+3", Cell(3, 2));
        Assert.Equal("-3", Cell(3, 3));
        Assert.Contains($"run {b} − run {a}", view.Markup);
    }

    [Fact]
    public async Task Three_runs_have_no_difference_matrix_and_unknown_runs_are_named()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var snapshot = await SnapshotAsync(datasetId, "ffff6666");
        var runs = new List<int>();
        for (var i = 0; i < 3; i++) runs.Add(await RunAsync(datasetId, snapshot, Parameters("0.001"), Diagonal));

        var view = Render<CompareView>(p => p.Add(x => x.RunIds, runs.Append(999).ToList()));

        view.WaitForAssertion(() => Assert.Equal(3, view.FindAll("[data-testid=confusion-matrix]").Count));
        Assert.Empty(view.FindAll("[data-testid=difference-matrix]"));
        Assert.Contains("#999", view.Find("[data-testid=missing-runs]").TextContent);
        Assert.Equal(3, view.FindAll("[data-testid=compare-val-accuracy] polyline").Count);
    }

    [Fact]
    public void The_page_reads_run_ids_from_the_query()
    {
        Assert.Equal([3, 1, 7], ComparePage.Parse("3, 1,x,7,3,-2"));
        Assert.Empty(ComparePage.Parse(null));
    }
}
