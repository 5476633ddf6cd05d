using System.IO.Compression;
using Microsoft.Playwright;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>Models page -> Import checkpoint -> zip tab -> the checkpoint's row goes live to Ready with its parameter count.</summary>
public class PretrainedImportFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly BertConfig Tiny = new() { VocabSize = 8, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32, MaxPositionEmbeddings = 32 };

    private string WriteZip()
    {
        var folder = Directory.CreateDirectory(Path.Combine(app.DataDirectory, "e2e-bert")).FullName;
        using (var model = new BertModel(Tiny, seed: 1))
            BertFolder.Create(folder, model, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "news", "sport", "##s"]);
        var zip = Path.Combine(app.DataDirectory, "e2e-bert.zip");
        ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        return zip;
    }

    [Fact]
    public async Task A_zip_uploaded_in_the_dialog_becomes_a_ready_checkpoint_in_the_list()
    {
        var zip = WriteZip();
        var page = await app.OpenAsync("/models");
        await Expect(page.GetByTestId("no-pretrained")).ToBeVisibleAsync();

        await page.GetByTestId("pretrained-import").ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Upload a zip" }).ClickAsync();
        await page.Locator(".mud-dialog input[type=file]").SetInputFilesAsync(zip);
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("e2e-bert.zip");
        await BrowserApp.Field(page, "pretrained-name-input").FillAsync("e2e-tiny");
        await page.GetByTestId("pretrained-submit").ClickAsync();

        var table = page.GetByTestId("pretrained-table");
        await Expect(table).ToContainTextAsync("e2e-tiny");
        await Expect(page.GetByTestId("pretrained-state")).ToContainTextAsync("Ready");
        await Expect(page.GetByTestId("pretrained-parameters")).ToHaveTextAsync(Tiny.BodyParameterCount().ToString("N0"));
        await Expect(page.GetByTestId("pretrained-shape")).ToHaveTextAsync("1 / 16 / 2");
        await Expect(table).ToContainTextAsync("upload: e2e-bert.zip");
    }
}
