using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>The import form's preview in Chromium: bad rows flagged with the importer's reasons, Start disabled when no row
/// is valid or the file is not data, the file chip coloured by what was found, and decoded text shown "as imported" on
/// the article page. Screenshots at 1440x900 go to a temp folder (printed in the output).</summary>
public class ImportPreviewFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private readonly string _shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nc-import-screenshots")).FullName;

    [Fact]
    public async Task The_preview_flags_a_bad_row_and_start_is_disabled_for_a_file_with_no_valid_rows()
    {
        var page = await app.OpenAsync("/datasets/import");
        await page.SetViewportSizeAsync(1440, 900);

        // A mixed file: the bad-label row is flagged with the importer's reason; the rest pass; Start stays (the import
        // then lists every bad row).
        var mixed = Path.Combine(app.DataDirectory, "mixed.csv");
        await File.WriteAllTextAsync(mixed,
            "label,title,description\n2,Benitez praises Gerrard #39;s role,The captain #39;s late goal.\n7,Bad label,Text\n3,Oil up,Prices rise \\$3.\n");
        await Upload(page).SetInputFilesAsync(mixed);
        await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        var flagged = page.Locator("[data-testid=preview-row][data-refused=true]");
        await Expect(flagged).ToHaveCountAsync(1);
        await Expect(flagged.GetByTestId("row-problem")).ToContainTextAsync("Label '7' is not one of 1-4");
        await Expect(page.GetByTestId("preview-refused")).ToContainTextAsync("1 of the file's 3 rows will be refused");
        await Expect(page.GetByTestId("preview-table")).ToContainTextAsync("Benitez praises Gerrard's role"); // decoded
        await Expect(page.GetByTestId("file-chip")).ToHaveAttributeAsync("data-state", "warnings");
        await Expect(page.GetByTestId("start-import")).ToBeEnabledAsync();
        await ShotAsync(page, "import-mixed-file.png", "preview");

        // No valid row: Start is disabled, with the reason next to it.
        var allBad = Path.Combine(app.DataDirectory, "all-bad.csv");
        await File.WriteAllTextAsync(allBad, "label,title,description\n7,Bad label,Text\n0,Worse label,Text\n");
        await Upload(page).SetInputFilesAsync(allBad);
        await Expect(page.GetByTestId("preview-blocked")).ToContainTextAsync("None of the file's 2 rows can be imported");
        await Expect(page.Locator("[data-testid=preview-row][data-refused=true]")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("start-import")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("start-blocked")).ToContainTextAsync("None of the file's 2 rows");
        await Expect(page.GetByTestId("file-chip")).ToHaveAttributeAsync("data-state", "refused");

        // Ignoring the file's labels makes the same rows importable: the check follows the options.
        await page.GetByTestId("labels-ignore").ClickAsync();
        await Expect(page.GetByTestId("preview-ok")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("start-import")).ToBeEnabledAsync();

        // A README is named as what it is, not previewed as rows.
        var readme = Path.Combine(app.DataDirectory, "README.md");
        await File.WriteAllTextAsync(readme, "# NewsClassifier\n\nTrains news classifiers, with TorchSharp.\n\n## Install\n\n- Install .NET 10, then run it.\n" +
            "- Sign in at http://localhost:5000, then import.\n\n```bash\ndotnet run\n```\n");
        await Upload(page).SetInputFilesAsync(readme);
        await Expect(page.GetByTestId("start-blocked")).ToContainTextAsync("This looks like a Markdown document");
        await Expect(page.GetByTestId("preview")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("import-options")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("start-import")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("file-chip")).ToHaveAttributeAsync("data-state", "refused");
        await ShotAsync(page, "import-readme.png");

        // A valid file: a green chip, every row OK, and the import keeps the file's text of the decoded articles.
        var valid = Path.Combine(app.DataDirectory, "valid.csv");
        await File.WriteAllTextAsync(valid,
            "label,title,description\n2,Benitez praises Gerrard #39;s role,The captain #39;s late goal &lt;b&gt;won&lt;/b&gt; it.\n3,Oil up,Prices rise \\$3 a\\barrel.\n4,New chip,Faster.\n");
        await Upload(page).SetInputFilesAsync(valid);
        await Expect(page.GetByTestId("preview-ok")).ToContainTextAsync("All the file's 3 rows pass");
        await Expect(page.GetByTestId("preview-cleaned")).ToContainTextAsync("decoded in 2 of the file's 3 rows");
        await Expect(page.GetByTestId("file-chip")).ToHaveAttributeAsync("data-state", "valid");
        await BrowserApp.Field(page, "dataset-name").FillAsync("preview-valid");
        await page.GetByTestId("labels-suggestions").ClickAsync();
        await Expect(page.GetByTestId("import-options")).ToContainTextAsync("annotators see the file's label as a proposal");
        await ShotAsync(page, "import-valid-file.png", "preview");
        await ShotAsync(page, "import-valid-file-options.png", "start-import");
        await page.GetByTestId("start-import").ClickAsync();

        await Expect(page.GetByTestId("import-succeeded")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("import-spec")).ToContainTextAsync("File labels: kept as suggestions");
        await Expect(page.GetByTestId("import-succeeded")).ToContainTextAsync("3 file labels kept as suggestions; entities and escapes decoded in 2 articles");
        await ShotAsync(page, "import-status.png");
        await page.GetByTestId("open-dataset").ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await page.GetByText("Benitez praises Gerrard's role").First.ClickAsync();
        await Expect(page.GetByTestId("article-title")).ToHaveTextAsync("Benitez praises Gerrard's role");
        await Expect(page.GetByTestId("article-text")).ToHaveTextAsync("The captain's late goal won it.");
        await Expect(page.GetByTestId("suggested-label")).ToContainTextAsync("Sports");
        await page.GetByTestId("show-original").ClickAsync();
        await Expect(page.GetByTestId("article-original")).ToContainTextAsync("The captain #39;s late goal &lt;b&gt;won&lt;/b&gt; it.");
        await ShotAsync(page, "article-as-imported.png");
        output.WriteLine($"Screenshots in {_shots}");
    }

    /// <summary>The upload control adds a fresh file input after each pick; the newest is the live one.</summary>
    private static ILocator Upload(IPage page) => page.Locator("input[type=file]").Last;

    /// <summary>The 1440x900 viewport, scrolled to <paramref name="scrollTo"/> when given.</summary>
    private async Task ShotAsync(IPage page, string name, string? scrollTo = null)
    {
        if (scrollTo is not null) await page.GetByTestId(scrollTo).First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, name) });
    }
}
