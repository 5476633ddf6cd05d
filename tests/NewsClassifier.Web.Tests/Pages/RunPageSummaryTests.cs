using NewsClassifier.Application;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Runs;
using NewsClassifier.ML.Models;
using NewsClassifier.Web.Components.Pages.Experiments;

namespace NewsClassifier.Web.Tests.Pages;

public class RunPageSummaryTests : RunPageTestContext
{
    public RunPageSummaryTests()
    {
        // The run header's "register model" button.
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<NewsClassifier.Application.Registry.ModelRegistry>(AppServices, TimeProvider.System));
    }

    [Fact]
    public async Task A_run_with_a_frozen_body_shows_trainable_next_to_total_parameters()
    {
        Render<MudPopoverProvider>();
        var datasetId = await ImportAsync("four", FourArticles);
        var runId = await RunAsync(datasetId, null, new() { ["epochs"] = "3" }, Diagonal, recipe: "bert-seqcls");
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
            // The rows ModelSummary.Of(BertForSequenceClassification) gives bert-base with a frozen body (two layers shown).
            run.SummaryJson = StoredJson.Serialize(new List<LayerSummary>
            {
                new("embeddings", "BertEmbeddings", "(None, T, 768)", 23_837_184, 0),
                new("encoder.layer.0", "BertLayer", "(None, T, 768)", 7_087_872, 0),
                new("pooler", "BertPooler", "(None, 768)", 590_592, 0),
                new("classifier", "Dense", "(None, 4)", 3_076, 3_076),
            });
            run.TotalParameters = 31_518_724;
            await db.SaveChangesAsync();
        }

        var page = Render<RunPage>(p => p.Add(x => x.RunId, runId));

        page.WaitForAssertion(() => Assert.Equal("3,076", page.Find("[data-testid=trainable-params]").TextContent.Trim()));
        var table = page.Find("[data-testid=model-summary]").TextContent;
        Assert.Contains("Trainable", table);
        Assert.Contains("classifier (Dense)", table);
        Assert.Contains("31,518,724", table);
    }

    [Fact]
    public async Task The_run_page_says_how_much_disk_the_checkpoints_take()
    {
        Render<MudPopoverProvider>();
        var datasetId = await ImportAsync("four-checkpoints", FourArticles);
        var runId = await RunAsync(datasetId, null, new() { ["epochs"] = "6" }, Diagonal);
        // What a run stopped after epoch 5 leaves: its resume state (best epoch 4) and last/; model/ is not a checkpoint.
        var folder = AppServices.GetRequiredService<NewsClassifier.Data.Storage.DataPaths>().RunDirectory(runId);
        var resume = Directory.CreateDirectory(Path.Combine(folder, "resume")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(resume, "weights.safetensors"), new byte[1_000_000]);
        await File.WriteAllTextAsync(Path.Combine(resume, "state.json"), """{"format":"newsclassifier-resume-v1","loop":{"epoch":5,"best_epoch":4}}""");
        await File.WriteAllBytesAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "last")).FullName, "weights.dat"), new byte[250_000]);
        await File.WriteAllBytesAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "model")).FullName, "weights.dat"), new byte[5_000_000]);

        var page = Render<RunPage>(p => p.Add(x => x.RunId, runId));

        // 1,000,000 + 250,000 + 71 bytes of state.json = 1.19 MiB (binary units, as the resource budget shows sizes).
        page.WaitForAssertion(() => Assert.Equal("Checkpoints: 1.2 MB (last epoch 5, best epoch 4)", page.Find("[data-testid=run-checkpoints]").TextContent.Trim()));
    }
}
