using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Application.Training;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>
/// The attention issue's "done when", in the browser: a tiny custom transformer and a tiny BERT trained by the real job
/// classify a pasted article; the page leads with the words that drove the answer (integrated gradients, top token
/// ranked first) and a caveat, then the attention, whose strip is shaded over the article's own range so its strongest
/// token is visibly darker than its weakest. Screenshots of both at 1440x900 go to a temp folder.
/// </summary>
public class ExplanationFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private const string Title = "Oil prices climb as markets rally";
    private const string Text = "Crude futures rose and shares gained on Wall Street after strong earnings reports.";

    private static readonly BertConfig TinyBert = new()
    {
        VocabSize = 8000, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 37, MaxPositionEmbeddings = 64,
    };

    [Fact]
    public async Task A_custom_run_shows_the_words_that_drove_the_answer_first_and_attention_shaded_over_its_range()
    {
        int dataset = await app.ImportSampleAsync("explain-custom", 600);
        int run = await SubmitAsync(new TrainingRequest(dataset, "custom", new Dictionary<string, string>
        {
            ["epochs"] = "12", ["early_stopping_patience"] = "0", ["vocab_size"] = "2000", ["max_length"] = "32", ["embed_dim"] = "8",
            ["key_dim"] = "8", ["ff_dim"] = "8", ["dense_units"] = "8", ["batch_size"] = "32",
        }));

        var page = await ClassifyAsync(run);
        await ExpectExplainedAsync(page, specialTokens: false);
        await Expect(page.GetByTestId("attention-top-item")).ToHaveCountAsync(5);
        await ShootAsync(page, "classify-custom.png");
    }

    [Fact]
    public async Task A_bert_run_shows_word_piece_attributions_first_and_its_rollout_shaded_over_its_range()
    {
        int dataset = await app.ImportSampleAsync("explain-bert", 100);
        var folder = Path.Combine(app.DataDirectory, "explain-tiny-bert");
        var vocabulary = File.ReadLines(BrowserApp.SharedData("bert-base-uncased", "vocab.txt")).Take(TinyBert.VocabSize).ToArray();
        NewsClassifier.ML.Runtime.TorchRuntime.Initialize(new NewsClassifier.ML.Runtime.TorchOptions { Device = "cpu" });
        using (var body = new BertModel(TinyBert, seed: 7)) BertFolder.Create(folder, body, vocabulary);
        int run = await SubmitAsync(new TrainingRequest(dataset, "bert-finetune", new Dictionary<string, string>
        {
            ["pretrained"] = folder, ["epochs"] = "1", ["max_length"] = "32", ["batch_size"] = "8", ["gradient_accumulation"] = "1",
        }) { AllowPretrainedFolder = true });

        var page = await ClassifyAsync(run);
        await ExpectExplainedAsync(page, specialTokens: true);
        await Expect(page.GetByTestId("attention-view")).ToHaveAttributeAsync("data-kind", "wordpieces");
        await ShootAsync(page, "classify-bert.png");
    }

    private async Task<int> SubmitAsync(TrainingRequest request)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RunLauncher>().SubmitAsync(request, CancellationToken.None);
    }

    /// <summary>Waits on the run's page for the real job to finish it, then classifies the article with that run.</summary>
    private async Task<IPage> ClassifyAsync(int run)
    {
        var page = await app.OpenAsync($"/experiments/{run}");
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        await page.GotoAsync($"{app.BaseUrl}/classify?run={run}");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await BrowserApp.Field(page, "classify-title").FillAsync(Title);
        await BrowserApp.Field(page, "classify-text").FillAsync(Text);
        await page.GetByTestId("classify-button").ClickAsync();
        await Expect(page.GetByTestId("predicted-label")).ToHaveTextAsync(new Regex("^(World|Sports|Business|Sci/Tech)$"), new() { Timeout = 60_000 });
        return page;
    }

    private static async Task ExpectExplainedAsync(IPage page, bool specialTokens)
    {
        // Attributions first, with the caveat above them, attention after.
        await Expect(page.GetByTestId("explanation-caveat")).ToContainTextAsync("Attention weights are not an explanation");
        var attribution = page.GetByTestId("attribution-view");
        await Expect(attribution).ToBeVisibleAsync();
        var label = await page.GetByTestId("predicted-label").TextContentAsync();
        await Expect(attribution).ToContainTextAsync($"for {label}");
        var attributionBox = (await attribution.BoundingBoxAsync())!;
        var attentionBox = (await page.GetByTestId("attention-view").BoundingBoxAsync())!;
        Assert.True(attributionBox.Y < attentionBox.Y, "The attributions come before the attention.");

        // The top-ranked token is the most strongly shaded chip, far stronger than the weakest.
        var chips = await ChipsAsync(page, "[data-testid=attribution-view] [data-testid=attribution-token]:not([data-special])");
        var top = chips.MaxBy(c => c.Score)!;
        await Expect(page.GetByTestId("attribution-top-item").First).ToContainTextAsync(top.Text);
        var strongest = chips.MaxBy(c => Math.Abs(c.Score))!;
        var weakest = chips.MinBy(c => Math.Abs(c.Score))!;
        Assert.True(strongest.Alpha - weakest.Alpha >= 0.3, $"attribution chips: {strongest.Text} {strongest.Alpha} vs {weakest.Text} {weakest.Alpha}");
        if (specialTokens)
            Assert.All(await ChipsAsync(page, "[data-testid=attribution-view] [data-testid=attribution-token][data-special]"), c => Assert.Equal(0, c.Score));

        // The attention strip: shaded over this article's range, so its extremes are far apart even for near-uniform weights.
        var attention = await ChipsAsync(page, "[data-testid=attention-tokens] [data-testid=attention-token]:not([data-special])");
        var most = attention.MaxBy(c => c.Alpha)!;
        var least = attention.MinBy(c => c.Alpha)!;
        Assert.True(most.Alpha - least.Alpha >= 0.5, $"attention chips: {most.Text} {most.Alpha} vs {least.Text} {least.Alpha}");
        await Expect(page.GetByTestId("attention-top-item").First).ToContainTextAsync(most.Text);
        await Expect(page.GetByTestId("attention-view")).ToContainTextAsync("shaded from");
    }

    private sealed record Chip(string Text, float Score, double Alpha);

    /// <summary>The chips' text, their score (data-score, else data-weight) and the alpha of their computed background.</summary>
    private static async Task<Chip[]> ChipsAsync(IPage page, string selector)
    {
        var rows = await page.Locator(selector).EvaluateAllAsync<string[][]>(
            "els => els.map(e => [e.textContent.trim(), e.getAttribute('data-score') ?? e.getAttribute('data-weight') ?? '0', getComputedStyle(e).backgroundColor])");
        Assert.NotEmpty(rows);
        return rows.Select(r => new Chip(r[0], float.Parse(r[1], CultureInfo.InvariantCulture), AlphaOf(r[2]))).ToArray();
    }

    /// <summary>The alpha of a computed "rgba(r, g, b, a)" (1 for "rgb(...)", 0 for transparent).</summary>
    private static double AlphaOf(string colour)
    {
        var parts = Regex.Match(colour, @"rgba?\(([^)]*)\)").Groups[1].Value.Split(',');
        return parts.Length == 4 ? double.Parse(parts[3], CultureInfo.InvariantCulture) : parts.Length == 3 ? 1 : 0;
    }

    private async Task ShootAsync(IPage page, string name)
    {
        var shots = Path.Combine(Path.GetTempPath(), "nc-explain-shots");
        Directory.CreateDirectory(shots);
        var path = Path.Combine(shots, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Style = ".mud-snackbar { visibility: hidden !important; }" });
        output.WriteLine($"Screenshot: {path}");
    }
}
