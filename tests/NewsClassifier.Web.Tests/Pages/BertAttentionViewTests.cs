using System.Globalization;
using Bunit;
using MudBlazor.Services;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Training.Bert;
using NewsClassifier.Web.Components.Pages.Classify;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>
/// The Classify page's attention view for a BERT explanation: a tiny BERT (2 layers, 4 heads) written as a pretrained
/// folder, saved as a run checkpoint and loaded by the real <see cref="BertPredictor"/>, whose explanation is rendered.
/// </summary>
public sealed class BertAttentionViewTests : BunitContext, IAsyncLifetime
{
    private static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "the", "coach", "play", "##ing", "goal", "##s", "league", "market", "said",
    ];

    private static readonly Lazy<BertPredictor> Predictor = new(CreatePredictor);

    public BertAttentionViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only IAsyncDisposable.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static BertPredictor CreatePredictor()
    {
        NewsClassifier.ML.Runtime.TorchRuntime.Initialize(new NewsClassifier.ML.Runtime.TorchOptions { Device = "cpu" });
        var root = Directory.CreateTempSubdirectory("nc-bert-view-").FullName;
        var pretrained = Path.Combine(root, "pretrained");
        var config = new BertConfig
        {
            VocabSize = Vocabulary.Length, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 37, MaxPositionEmbeddings = 128,
        };
        using (var body = new BertModel(config, seed: 3)) BertFolder.Create(pretrained, body, Vocabulary);
        var folder = BertFolder.Open(pretrained);
        var (model, _) = folder.LoadForSequenceClassification(4, seed: 3);
        var run = Path.Combine(root, "run");
        using (model)
            BertRunCheckpoint.Save(run, model, folder, new BertRunManifest
            {
                Recipe = BertRecipes.FineTune, HyperParameters = new Dictionary<string, string>(), LabelNames = ["World", "Sports", "Business", "Sci/Tech"], MaxLength = 100,
            });
        var predictor = BertPredictor.Load(run);
        Directory.Delete(root, recursive: true); // everything is in memory now
        return predictor;
    }

    private static float[][] Shown(IRenderedComponent<AttentionView> view)
    {
        var rows = view.FindAll("[data-testid=attention-matrix] tr").Skip(1);
        return rows.Select(r => r.QuerySelectorAll("[data-testid=attention-cell]")
            .Select(c => float.Parse(c.GetAttribute("data-weight")!, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    private static void AssertSame(float[][] expected, float[][] shown)
    {
        Assert.Equal(expected.Length, shown.Length);
        for (int q = 0; q < expected.Length; q++)
            for (int k = 0; k < expected[q].Length; k++) Assert.Equal(expected[q][k], shown[q][k]);
    }

    [Fact]
    public void Rollout_is_the_default_and_layer_and_head_selection_change_the_matrix()
    {
        var attention = Predictor.Value.Explain("The coach said the goals were playing in the league.").Attention;
        Assert.Equal(AttentionTokenKind.WordPieces, attention.Kind);

        var view = Render<AttentionView>(p => p.Add(x => x.Attention, attention));

        // Rollout first, explained in one line; the strip is the rollout's [CLS] row over all WordPiece tokens.
        Assert.Equal("wordpieces", view.Find("[data-testid=attention-view]").GetAttribute("data-kind"));
        Assert.Contains("Rollout over all 2 layers", view.Find("[data-testid=attention-matrix-caption]").TextContent);
        Assert.Contains("residual connection", view.Find("[data-testid=attention-rollout-help]").TextContent);
        AssertSame(attention.Rollout!, Shown(view));
        Assert.Empty(view.FindAll("[data-testid=attention-heads]"));

        var tokens = view.FindAll("[data-testid=attention-token]");
        Assert.Equal(attention.Tokens.Count, tokens.Count);
        Assert.Equal("[CLS]", tokens[0].TextContent);
        Assert.Equal("true", tokens[0].GetAttribute("data-special"));
        Assert.Equal("true", tokens[^1].GetAttribute("data-special"));
        int ing = attention.Tokens.ToList().IndexOf("##ing");
        Assert.True(ing > 0, string.Join(' ', attention.Tokens));
        Assert.Equal("ing", tokens[ing].TextContent);
        Assert.Equal("true", tokens[ing].GetAttribute("data-continuation"));
        Assert.Equal("play", tokens[ing - 1].TextContent);
        var importance = attention.TokenImportance();
        Assert.Equal(attention.Rollout![0], importance);
        Assert.Contains((importance[ing]).ToString("P1"), tokens[ing].GetAttribute("title"));

        // One layer: its head average, then one head.
        view.Find("[data-testid=attention-layer-2]").Click();
        Assert.Contains("Layer 2, average of heads", view.Find("[data-testid=attention-matrix-caption]").TextContent);
        AssertSame(attention.Averaged[1], Shown(view));

        view.Find("[data-testid=attention-head-3]").Click();
        Assert.Contains("Layer 2, head 3", view.Find("[data-testid=attention-matrix-caption]").TextContent);
        AssertSame(attention.Heads[1][2], Shown(view));

        view.Find("[data-testid=attention-layer-1]").Click();
        AssertSame(attention.Heads[0][2], Shown(view));
        Assert.NotEqual(attention.Heads[0][2][1], attention.Heads[1][2][1]);

        // Back to the rollout; the strip never changed.
        view.Find("[data-testid=attention-layer-rollout]").Click();
        AssertSame(attention.Rollout!, Shown(view));
        Assert.Equal(attention.Tokens.Count, view.FindAll("[data-testid=attention-token]").Count);
    }

    [Fact]
    public void A_long_article_shows_every_token_in_the_strip_and_caps_the_matrix_with_a_notice()
    {
        var text = string.Join(' ', Enumerable.Range(0, 90).Select(i => i % 3 == 0 ? "goals" : "market"));
        var attention = Predictor.Value.Explain(text).Attention;
        Assert.True(attention.Tokens.Count > BertAttentionView.MatrixLimit, $"{attention.Tokens.Count} tokens");

        var view = Render<AttentionView>(p => p.Add(x => x.Attention, attention));

        Assert.Equal(attention.Tokens.Count, view.FindAll("[data-testid=attention-token]").Count);
        Assert.Contains($"first {BertAttentionView.MatrixLimit} of {attention.Tokens.Count} tokens", view.Find("[data-testid=attention-matrix-capped]").TextContent);
        var shown = Shown(view);
        Assert.Equal(BertAttentionView.MatrixLimit, shown.Length);
        Assert.All(shown, row => Assert.Equal(BertAttentionView.MatrixLimit, row.Length));
    }

    [Fact]
    public void A_short_article_has_no_cap_notice()
    {
        var attention = Predictor.Value.Explain("The coach said.").Attention;
        var view = Render<AttentionView>(p => p.Add(x => x.Attention, attention));
        Assert.Empty(view.FindAll("[data-testid=attention-matrix-capped]"));
        Assert.Equal(attention.Tokens.Count, Shown(view).Length);
    }
}
