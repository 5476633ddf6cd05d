using System.Globalization;
using System.Text.RegularExpressions;
using Bunit;
using MudBlazor.Services;
using NewsClassifier.ML.Explain;
using NewsClassifier.ML.Inference;
using NewsClassifier.Web.Components.Pages.Classify;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>
/// The Classify page's explanation views on hand-made numbers: attributions shaded by size and ranked, and attention
/// that is nearly uniform (what a trained custom model gives, every token 4.3-4.4 %) still shaded from faint to strong.
/// </summary>
public sealed class ExplanationViewTests : BunitContext, IAsyncLifetime
{
    private static readonly string[] Labels = ["World", "Sports", "Business", "Sci/Tech"];

    public ExplanationViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static double AlphaOf(AngleSharp.Dom.IElement element) =>
        double.Parse(Regex.Match(element.GetAttribute("style")!, @"rgba\(\d+,\s*\d+,\s*\d+,\s*([0-9.]+)\)").Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Attributions_rank_the_words_that_drove_the_answer_and_shade_them_by_size_and_sign()
    {
        var attributions = new TokenAttributions(["shares", "rose", "as", "bank", "earnings"], [0.8f, 0.05f, -0.2f, 0.4f, 0.0004f], TargetIndex: 2, Steps: 16, Delta: 1.1f);
        var view = Render<AttributionView>(p => p.Add(x => x.Attributions, attributions).Add(x => x.LabelNames, Labels));

        Assert.Contains("for Business", view.Find("[data-testid=attribution-view]").TextContent);
        var top = view.FindAll("[data-testid=attribution-top-item]").Select(e => e.TextContent.Trim()).ToArray();
        Assert.Equal(["shares +0.800", "bank +0.400", "rose +0.050", "earnings 0.000", "as -0.200"], top);
        Assert.Equal(["as -0.200"], view.FindAll("[data-testid=attribution-bottom-item]").Select(e => e.TextContent.Trim()));

        var chips = view.FindAll("[data-testid=attribution-token]");
        Assert.Equal(5, chips.Count);
        Assert.Contains("46,125,50", chips[0].GetAttribute("style"));   // towards: green
        Assert.Contains("198,40,40", chips[2].GetAttribute("style"));   // against: red
        Assert.Equal(Shading.Strong, AlphaOf(chips[0]), 3);
        Assert.True(AlphaOf(chips[0]) - AlphaOf(chips[4]) > 0.8);
        Assert.Contains("+1.100 change in log-probability", view.Find("[data-testid=attribution-caption]").TextContent);
    }

    [Fact]
    public void Tiny_attributions_are_printed_at_their_own_scale_and_special_tokens_stay_outside_the_ranking()
    {
        var attributions = new TokenAttributions(["[CLS]", "oil", "prices", "[SEP]"], [0f, 0.00042f, -0.00011f, 0f], TargetIndex: 0, Steps: 16, Delta: 0.0003f);
        var view = Render<AttributionView>(p => p.Add(x => x.Attributions, attributions).Add(x => x.LabelNames, Labels));

        Assert.Equal(["oil +0.000420", "prices -0.000110"], view.FindAll("[data-testid=attribution-top-item]").Select(e => e.TextContent.Trim()));
        Assert.Equal(2, view.FindAll("[data-testid=attribution-token][data-special]").Count);
    }

    [Fact]
    public void Nearly_uniform_custom_attention_is_shaded_over_the_articles_own_range_with_the_top_tokens_listed()
    {
        // Every row gives 4.3-4.4 %: an absolute scale drew one colour (chips) and nothing (matrix).
        string[] tokens = ["oil", "prices", "climb", "markets"];
        float[][] rows =
        [
            [0.0430f, 0.0440f, 0.0432f, 0.0436f],
            [0.0431f, 0.0439f, 0.0433f, 0.0435f],
            [0.0430f, 0.0441f, 0.0431f, 0.0437f],
            [0.0432f, 0.0438f, 0.0434f, 0.0434f],
        ];
        var map = new AttentionMap(tokens, [[rows, rows]], [rows]);
        var view = Render<AttentionView>(p => p.Add(x => x.Attention, map));

        var chips = view.FindAll("[data-testid=attention-token]");
        Assert.Equal(Shading.Strong, AlphaOf(chips[1]), 3);             // "prices" receives the most
        Assert.Equal(Shading.Faint, AlphaOf(chips[0]), 3);              // "oil" the least
        Assert.Equal("prices", view.FindAll("[data-testid=attention-top-item]")[0].TextContent.Split(' ')[0].Trim());
        var scale = view.Find("[data-testid=attention-scale]").TextContent;
        // Two decimals: enough for the lowest and highest to read apart.
        var range = Regex.Match(scale, @"lowest \((4\.\d\d)\s?%\) to its highest \((4\.\d\d)\s?%\)");
        Assert.True(range.Success, scale);
        Assert.NotEqual(range.Groups[1].Value, range.Groups[2].Value);

        // Each matrix row runs from faint to strong on its own.
        var cells = view.FindAll("[data-testid=attention-cell]");
        Assert.Equal(16, cells.Count);
        Assert.Equal(Shading.Faint, AlphaOf(cells[0]), 3);
        Assert.Equal(Shading.Strong, AlphaOf(cells[1]), 3);
        Assert.Contains("each row shaded from its own lowest to its highest", view.Find("[data-testid=attention-matrix-caption]").TextContent);
    }

    [Fact]
    public void Equal_values_are_drawn_middling_and_formats_find_the_digits_that_tell_values_apart()
    {
        Assert.Equal(Shading.Alpha(0.5, 0, 1), Shading.Alpha(3, 3, 3));
        Assert.Equal((0f, 0f), Shading.Range([]));
        var percent = Shading.Percent(0.04310f, 0.04312f);
        Assert.NotEqual(percent(0.04310f), percent(0.04312f));
        Assert.Equal("+0.100", Shading.Signed(0.1f)(0.1f));
        Assert.Equal("-0.0000120", Shading.Signed(0.00004f)(-0.000012f));
    }
}
