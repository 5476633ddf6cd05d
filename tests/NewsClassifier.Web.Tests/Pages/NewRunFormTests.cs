using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Web.Components.Pages.Experiments;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>The new-run form: each recipe parameter as the field its kind calls for, checked as it is typed with the
/// recipe's own check, and the run's name and tags reaching the stored run.</summary>
public class NewRunFormTests : RunPageTestContext
{
    public NewRunFormTests()
    {
        Render<MudPopoverProvider>();
    }

    private async Task<IRenderedComponent<NewRunPage>> OpenAsync()
    {
        await ImportAsync("four", FourArticles);
        var page = Render<NewRunPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=start-run]"));
        return page;
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<NewRunPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static bool QueueDisabled(IRenderedComponent<NewRunPage> page) => page.Find("[data-testid=start-run]").HasAttribute("disabled");

    [Fact]
    public async Task A_boolean_is_a_switch_an_enum_a_select_and_a_number_a_bounded_number_box()
    {
        var page = await OpenAsync();

        var mask = page.Find("[data-testid=param-mask_padding]");
        Assert.Contains("mud-switch", mask.ClassName + " " + mask.ParentElement!.ClassName + " " + mask.InnerHtml);
        Assert.Equal("checkbox", Input(page, "param-mask_padding").GetAttribute("type"));

        var optimizer = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "optimizer");
        Assert.Equal("adamw", optimizer.Find("input").GetAttribute("value"));
        Assert.Empty(page.FindAll("input[data-testid=param-optimizer][type=number]"));

        var epochs = Input(page, "param-epochs");
        Assert.Equal("number", epochs.GetAttribute("type"));
        Assert.Equal("1", epochs.GetAttribute("min"));
        Assert.Equal("1000", epochs.GetAttribute("max"));
        Assert.Equal("1", epochs.GetAttribute("step"));
        var dropout = Input(page, "param-dropout");
        Assert.Equal("number", dropout.GetAttribute("type"));
        Assert.Equal("any", dropout.GetAttribute("step"));
        Assert.Equal("0.9", dropout.GetAttribute("max"));
    }

    [Fact]
    public async Task An_out_of_range_number_shows_the_recipes_error_on_its_field_as_it_is_typed_and_disables_Queue()
    {
        var page = await OpenAsync();
        Assert.False(QueueDisabled(page));

        Input(page, "param-epochs").Input("0");

        page.WaitForAssertion(() => Assert.Contains("0 is out of range (allowed: 1..1000).", page.Markup));
        Assert.True(QueueDisabled(page));
        Assert.NotNull(page.Find("[data-testid=run-form-invalid]"));

        Input(page, "param-dropout").Input("0.95");
        page.WaitForAssertion(() => Assert.Contains("0.95 is out of range (allowed: 0..0.9).", page.Markup));

        Input(page, "param-epochs").Input("3");
        page.WaitForAssertion(() => Assert.DoesNotContain("0 is out of range (allowed: 1..1000).", page.Markup));
        Assert.True(QueueDisabled(page)); // dropout is still wrong
        Input(page, "param-dropout").Input("0.2");
        page.WaitForAssertion(() => Assert.False(QueueDisabled(page)));
        Assert.Empty(page.FindAll("[data-testid=run-form-invalid]"));
    }

    [Fact]
    public async Task A_switch_and_a_select_change_the_parameters_the_run_is_queued_with_and_so_do_its_name_and_tags()
    {
        var page = await OpenAsync();

        await page.InvokeAsync(() => page.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "mask_padding").Instance.ValueChanged.InvokeAsync(false));
        await page.InvokeAsync(() => page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "optimizer").Instance.ValueChanged.InvokeAsync("sgd"));
        Input(page, "param-epochs").Input("2");
        Input(page, "run-name").Input("  small sgd  ");
        var tags = Input(page, "run-tags");
        tags.Input("sgd, two words,");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=run-tag-chip]").Count));
        Input(page, "run-tags").Input("SGD");

        await page.Find("[data-testid=start-run]").ClickAsync(new());

        await using var db = await Contexts.CreateDbContextAsync();
        var run = await db.TrainingRuns.SingleAsync();
        Assert.Equal("small sgd", run.Name);
        Assert.Equal("sgd,two-words", run.Tags); // the typed "SGD" is a duplicate, ignoring case
        Assert.Contains("\"mask_padding\":\"false\"", run.ParametersJson);
        Assert.Contains("\"optimizer\":\"sgd\"", run.ParametersJson);
        Assert.Contains("\"epochs\":\"2\"", run.ParametersJson);
    }

    [Fact]
    public async Task A_name_over_100_characters_is_flagged_on_its_field_and_Queue_is_disabled()
    {
        var page = await OpenAsync();

        Input(page, "run-name").Input(new string('n', 101));

        page.WaitForAssertion(() => Assert.Contains("At most 100 characters.", page.Markup));
        Assert.True(QueueDisabled(page));
    }
}
