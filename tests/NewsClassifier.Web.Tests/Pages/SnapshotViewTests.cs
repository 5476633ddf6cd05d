using Bunit;
using MudBlazor;
using NewsClassifier.Application.Snapshots;
using NewsClassifier.Web.Components.Pages.Datasets;

namespace NewsClassifier.Web.Tests.Pages;

public class SnapshotViewTests : PageTestContext
{
    private const string Articles =
        "1,\"Talks resume\",\"Diplomats met again in Geneva.\"\n" +
        "1,\"Summit ends\",\"Leaders signed a statement.\"\n" +
        "2,\"Cup final\",\"The home side won on penalties.\"\n" +
        "2,\"Record run\",\"A sprinter broke the national record.\"\n" +
        "3,\"Shares fall\",\"Markets slid after the rate decision.\"\n" +
        "3,\"Oil climbs\",\"Crude rose for a third day.\"\n" +
        "4,\"New chip\",\"A faster processor was announced.\"\n" +
        "4,\"Probe lands\",\"The lander touched down on the comet.\"\n";

    public SnapshotViewTests() => Render<MudPopoverProvider>();

    [Fact]
    public async Task Lists_snapshots_and_shows_what_changed_between_two()
    {
        var datasetId = await ImportAsync("snap-view", Articles);
        var service = AppServices.CreateScope().ServiceProvider.GetRequiredService<SnapshotService>();
        await service.CreateOrReuseAsync(datasetId, 0.25, 1, CancellationToken.None);
        await service.CreateOrReuseAsync(datasetId, 0.25, 2, CancellationToken.None); // another split: a second snapshot

        var view = Render<DatasetSnapshots>(p => p.Add(x => x.DatasetId, datasetId));
        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=snapshots] tbody tr").Count));

        await view.InvokeAsync(() => view.Find("[data-testid=snapshot-diff-button]").Click());

        view.WaitForAssertion(() =>
        {
            var diff = view.Find("[data-testid=snapshot-diff]").TextContent;
            Assert.Contains("0 added", diff);
            Assert.Contains("0 labels changed", diff);
            Assert.Contains("World", diff);
        });
    }

    [Fact]
    public async Task A_dataset_without_runs_has_no_snapshot_yet()
    {
        var datasetId = await ImportAsync("snap-none", Articles);
        var view = Render<DatasetSnapshots>(p => p.Add(x => x.DatasetId, datasetId));
        view.WaitForAssertion(() => Assert.Contains("No snapshot yet", view.Markup));
    }
}
