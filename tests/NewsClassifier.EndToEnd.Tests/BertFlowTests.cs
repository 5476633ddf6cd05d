using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>
/// The BERT issue's "done when", through the browser: a tiny BERT checkpoint the test writes (zipped) is imported on the
/// Models page, a bert-finetune run on it is started from New run and trained by the real job, and a pasted article is
/// classified by that run with its attention (rollout over WordPiece tokens, per layer and head) shown.
/// </summary>
public class BertFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Two layers of width 32 over the first 8,000 entries of bert-base-uncased's vocabulary (real WordPieces, small embeddings).</summary>
    private const int VocabularySize = 8000;

    private static readonly BertConfig Tiny = new()
    {
        VocabSize = VocabularySize, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 37, MaxPositionEmbeddings = 64,
    };

    private string WriteCheckpointZip()
    {
        var folder = Path.Combine(app.DataDirectory, "tiny-bert-e2e");
        var vocabulary = File.ReadLines(BrowserApp.SharedData("bert-base-uncased", "vocab.txt")).Take(VocabularySize).ToArray();
        NewsClassifier.ML.Runtime.TorchRuntime.Initialize(new NewsClassifier.ML.Runtime.TorchOptions { Device = "cpu" });
        using (var body = new BertModel(Tiny, seed: 7)) BertFolder.Create(folder, body, vocabulary);
        var zip = Path.Combine(app.DataDirectory, "tiny-bert-e2e.zip");
        ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        return zip;
    }

    [Fact]
    public async Task A_pasted_article_is_classified_by_a_bert_run_trained_from_an_imported_checkpoint_with_its_attention_shown()
    {
        var zip = WriteCheckpointZip();
        await app.ImportSampleAsync("bert-flow", 100);

        // Models: import the zip; the row goes to Ready with the body's parameter count.
        var page = await app.OpenAsync("/models");
        await page.GetByTestId("pretrained-import").ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Upload a zip" }).ClickAsync();
        await page.Locator(".mud-dialog input[type=file]").SetInputFilesAsync(zip);
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("tiny-bert-e2e.zip");
        await BrowserApp.Field(page, "pretrained-name-input").FillAsync("tiny-bert");
        await page.GetByTestId("pretrained-submit").ClickAsync();
        await Expect(page.GetByTestId("pretrained-state")).ToContainTextAsync("Ready", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("pretrained-parameters")).ToHaveTextAsync(Tiny.BodyParameterCount().ToString("N0", CultureInfo.CurrentCulture));

        // New run: bert-finetune on the small dataset, with the checkpoint and small overrides.
        await page.GotoAsync($"{app.BaseUrl}/experiments/new");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await ChooseAsync(page, "run-recipe", "bert-finetune");
        await ChooseAsync(page, "param-pretrained", "tiny-bert");
        foreach (var (key, value) in new Dictionary<string, string> { ["epochs"] = "1", ["max_length"] = "32", ["batch_size"] = "8", ["gradient_accumulation"] = "1" })
        {
            var field = BrowserApp.Field(page, $"param-{key}");
            await field.FillAsync(value);
            await field.BlurAsync();
        }
        await page.GetByTestId("start-run").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"));
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("model-summary")).ToContainTextAsync("encoder.layer.1");
        // The checkpoint's name was resolved to its folder in the registry's storage.
        var parameters = page.Locator("[data-testid=run-parameters] tr");
        await Expect(parameters.Filter(new() { HasTextRegex = new Regex("^pretrained") })).ToContainTextAsync("pretrained");
        await Expect(parameters.Filter(new() { HasTextRegex = new Regex("^pretrained") })).Not.ToContainTextAsync("tiny-bert-e2e.zip");
        await Expect(parameters.Filter(new() { HasTextRegex = new Regex("^max_length") })).ToHaveTextAsync("max_length32");
        await Expect(parameters.Filter(new() { HasTextRegex = new Regex("^gradient_accumulation") })).ToHaveTextAsync("gradient_accumulation1");

        // Classify with this run: probabilities, and the attention view over WordPiece tokens with rollout first.
        await page.GetByTestId("classify-with-run").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/classify\\?run=\\d+$"));
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await BrowserApp.Field(page, "classify-title").FillAsync("Oil prices climb as markets rally");
        await BrowserApp.Field(page, "classify-text").FillAsync("Crude futures rose and shares gained on Wall Street after strong earnings reports.");
        await page.GetByTestId("classify-button").ClickAsync();

        await Expect(page.GetByTestId("predicted-label")).ToHaveTextAsync(new Regex("^(World|Sports|Business|Sci/Tech)$"));
        await Expect(page.GetByTestId("probability")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("answered-by")).ToContainTextAsync("bert-finetune");

        var view = page.GetByTestId("attention-view");
        await Expect(view).ToHaveAttributeAsync("data-kind", "wordpieces");
        var tokens = page.GetByTestId("attention-tokens");
        await Expect(tokens.GetByTestId("attention-token").First).ToHaveTextAsync("[CLS]");
        await Expect(tokens.GetByTestId("attention-token").Last).ToHaveTextAsync("[SEP]");
        await Expect(tokens).ToContainTextAsync("oil");
        await Expect(page.GetByTestId("attention-rollout-help")).ToContainTextAsync("Rollout");
        await Expect(page.GetByTestId("attention-matrix-caption")).ToContainTextAsync("Rollout over all 2 layers");
        await Expect(page.GetByTestId("attention-matrix")).ToBeVisibleAsync();

        // A layer, then a head of it.
        await page.GetByTestId("attention-layer-2").ClickAsync();
        await Expect(page.GetByTestId("attention-matrix-caption")).ToContainTextAsync("Layer 2, average of heads");
        await page.GetByTestId("attention-head-4").ClickAsync();
        await Expect(page.GetByTestId("attention-matrix-caption")).ToContainTextAsync("Layer 2, head 4");
    }

    /// <summary>Opens a MudSelect (by its test id) and picks the option whose text starts with <paramref name="option"/>.</summary>
    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        var select = page.Locator(".mud-input-control.mud-select").Filter(new() { Has = page.GetByTestId(testId) });
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^" + Regex.Escape(option)) }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(select.Locator("input").First).ToHaveValueAsync(option);
    }
}
