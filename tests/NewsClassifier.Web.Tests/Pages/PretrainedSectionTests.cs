using Bunit;
using MudBlazor;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.TestSupport;
using NewsClassifier.Web.Components.Pages.Models;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>The Models page's "Pretrained checkpoints" section over checkpoints imported by the real importer.</summary>
public class PretrainedSectionTests : PageTestContext
{
    public PretrainedSectionTests()
    {
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<ModelRegistry>(AppServices, TimeProvider.System));
        Services.AddScoped(sp => ActivatorUtilities.CreateInstance<ModelArchive>(AppServices, sp.GetRequiredService<ModelRegistry>(), TimeProvider.System));
        Render<MudPopoverProvider>();
        Render<MudDialogProvider>();
    }

    private async Task<PretrainedCheckpoint?> ImportAsync(PretrainedRequest request)
    {
        using var scope = AppServices.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<PretrainedRequests>().CreateAsync(request, restrictServerPaths: false, CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<PretrainedImporter>().RunAsync(id, null, CancellationToken.None);
    }

    [Fact]
    public async Task The_models_page_lists_a_checkpoint_with_its_shape_parameters_and_format()
    {
        var ready = await ImportAsync(new PretrainedRequest { Path = TinyCheckpoint.Write(Path.Combine(DataDirectory, "tiny")), Name = "google/tiny-test" });
        Assert.Equal(PretrainedState.Ready, ready!.State);

        var page = Render<ModelsPage>();

        page.WaitForAssertion(() =>
        {
            var table = page.Find("[data-testid=pretrained-table]");
            Assert.Contains("google/tiny-test", page.Find("[data-testid=pretrained-name]").TextContent);
            Assert.Equal("2 / 32 / 2", page.Find("[data-testid=pretrained-shape]").TextContent.Trim());
            Assert.Equal(TinyCheckpoint.Config.BodyParameterCount().ToString("N0"), page.Find("[data-testid=pretrained-parameters]").TextContent.Trim());
            Assert.Contains("safetensors", table.TextContent);
            Assert.Contains("Ready", page.Find("[data-testid=pretrained-state]").TextContent);
            page.Find("[data-testid=no-models]"); // the registry part is unchanged
        });
    }

    [Fact]
    public async Task A_failed_import_shows_its_error_and_offers_retry_and_delete()
    {
        var folder = TinyCheckpoint.Write(Path.Combine(DataDirectory, "broken"));
        File.Delete(Path.Combine(folder, "vocab.txt"));
        var failed = await ImportAsync(new PretrainedRequest { Path = folder, Name = "broken-one" });
        Assert.Equal(PretrainedState.Failed, failed!.State);

        var section = Render<PretrainedCheckpoints>();

        section.WaitForAssertion(() =>
        {
            Assert.StartsWith("vocab.txt is missing", section.Find("[data-testid=pretrained-error]").TextContent);
            section.Find("[data-testid=pretrained-retry]");
            section.Find("[data-testid=pretrained-delete]");
        });
    }

    [Fact]
    public void With_none_the_section_says_where_checkpoints_come_from()
    {
        var section = Render<PretrainedCheckpoints>();
        section.WaitForAssertion(() => Assert.Contains("google/bert_uncased_L-4_H-128_A-2", section.Find("[data-testid=no-pretrained]").TextContent));
    }
}
