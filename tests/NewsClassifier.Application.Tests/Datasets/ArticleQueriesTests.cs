using NewsClassifier.Application.Datasets;

namespace NewsClassifier.Application.Tests.Datasets;

public sealed class ArticleQueriesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _id;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var path = _db.WriteFile("small.tsv",
            "title\ttext\tlabel\n" +
            "Zebra crossing\tRoad safety week begins.\tlocal\n" +     // line 2
            "Apple results\tThe company beat forecasts; shares rose.\tbusiness\n" +
            "Mars lander\tThe probe touched down safely.\tscience\n" +
            "Bank merger\tTwo banks agree to merge.\tbusiness\n" +
            "Café opens\tA new café on the square.\t\n" +           // unlabelled, accent
            "Comet seen\tAstronomers saw the comet with the naked eye.\tscience\n"); // line 7
        var result = await _db.ImportAsync(path, "small");
        Assert.True(result.Succeeded, result.Message);
        _id = result.DatasetId!.Value;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<ArticlePage> Page(ArticleQuery query) => _db.Queries.GetPageAsync(_id, query, CancellationToken.None);

    [Fact]
    public async Task Pages_in_file_order_with_the_stored_total()
    {
        var first = await Page(new ArticleQuery(0, 4));
        Assert.Equal(6, first.TotalCount);
        Assert.Equal([2, 3, 4, 5], first.Items.Select(r => r.SourceRow));
        var second = await Page(new ArticleQuery(4, 4));
        Assert.Equal([6, 7], second.Items.Select(r => r.SourceRow));
        var descending = await Page(new ArticleQuery(0, 2, Descending: true));
        Assert.Equal([7, 6], descending.Items.Select(r => r.SourceRow));
        Assert.Empty((await Page(new ArticleQuery(100, 4))).Items);
    }

    [Theory]
    [InlineData(ArticleSort.SourceRow, false, null, null)]
    [InlineData(ArticleSort.SourceRow, true, null, null)]
    [InlineData(ArticleSort.Title, false, null, null)]
    [InlineData(ArticleSort.Title, true, 1, null)]
    [InlineData(ArticleSort.Label, true, null, null)]
    [InlineData(ArticleSort.SourceRow, true, 1, null)]
    [InlineData(ArticleSort.SourceRow, false, null, "the")]
    [InlineData(ArticleSort.Title, true, null, "the")]
    public async Task Every_page_is_the_matching_slice_of_the_whole_list(ArticleSort sort, bool descending, int? label, string? search)
    {
        var all = (await Page(new ArticleQuery(0, 100, search, sort, descending, label))).Items.Select(r => r.Id).ToList();
        for (var skip = 0; skip <= all.Count; skip++)
        for (var take = 1; take <= 3; take++)
        {
            var page = await Page(new ArticleQuery(skip, take, search, sort, descending, label));
            Assert.Equal(all.Skip(skip).Take(take), page.Items.Select(r => r.Id));
            Assert.Equal(all.Count, page.TotalCount);
        }
    }

    [Fact]
    public async Task Sorts_by_title_and_label()
    {
        var byTitle = await Page(new ArticleQuery(0, 10, Sort: ArticleSort.Title));
        Assert.Equal(["Apple results", "Bank merger", "Café opens", "Comet seen", "Mars lander", "Zebra crossing"], byTitle.Items.Select(r => r.Title));
        var byTitleDesc = await Page(new ArticleQuery(0, 1, Sort: ArticleSort.Title, Descending: true));
        Assert.Equal("Zebra crossing", byTitleDesc.Items[0].Title);
        var byLabel = await Page(new ArticleQuery(0, 10, Sort: ArticleSort.Label));
        Assert.Equal([null, "local", "business", "business", "science", "science"], byLabel.Items.Select(r => r.LabelName));
        Assert.Equal([null, 0, 1, 1, 2, 2], byLabel.Items.Select(r => r.LabelOrdinal));
    }

    [Fact]
    public async Task Filters_by_label_and_unlabelled()
    {
        var science = await Page(new ArticleQuery(0, 10, LabelOrdinal: 2));
        Assert.Equal(2, science.TotalCount);
        Assert.Equal(["Mars lander", "Comet seen"], science.Items.Select(r => r.Title));
        var unlabelled = await Page(new ArticleQuery(0, 10, UnlabelledOnly: true));
        Assert.Equal("Café opens", Assert.Single(unlabelled.Items).Title);
        Assert.Equal(1, unlabelled.TotalCount);
        var none = await Page(new ArticleQuery(0, 10, LabelOrdinal: 9));
        Assert.Empty(none.Items);
        Assert.Equal(0, none.TotalCount);
    }

    [Fact]
    public async Task Full_text_search_matches_all_words_ignoring_case_and_accents()
    {
        var the = await Page(new ArticleQuery(0, 10, Search: "THE"));
        Assert.Equal(["Apple results", "Mars lander", "Café opens", "Comet seen"], the.Items.Select(r => r.Title));
        Assert.Equal(4, the.TotalCount);
        Assert.False(the.TotalIsLowerBound);
        Assert.Equal(["Comet seen"], (await Page(new ArticleQuery(0, 10, Search: "the comet"))).Items.Select(r => r.Title));
        Assert.Equal(["Café opens"], (await Page(new ArticleQuery(0, 10, Search: "cafe"))).Items.Select(r => r.Title));
        var scienceOnly = await Page(new ArticleQuery(0, 10, Search: "the", LabelOrdinal: 2));
        Assert.Equal(["Mars lander", "Comet seen"], scienceOnly.Items.Select(r => r.Title));
        var sorted = await Page(new ArticleQuery(0, 10, Search: "the", Sort: ArticleSort.Title, Descending: true));
        Assert.Equal(["Mars lander", "Comet seen", "Café opens", "Apple results"], sorted.Items.Select(r => r.Title));
        // FTS syntax in user input is plain text, not an error.
        Assert.Empty((await Page(new ArticleQuery(0, 10, Search: "\"unbalanced AND ( NEAR"))).Items);
        Assert.Equal(6, (await Page(new ArticleQuery(0, 10, Search: "  ;; "))).TotalCount);
    }

    [Fact]
    public async Task Counts_per_class_and_article_details()
    {
        Assert.Equal(
            [new ClassCount(0, "local", 1), new ClassCount(1, "business", 2), new ClassCount(2, "science", 2), new ClassCount(null, "Unlabeled", 1)],
            await _db.Queries.CountPerClassAsync(_id, CancellationToken.None));
        var row = (await Page(new ArticleQuery(1, 1))).Items[0];
        var details = await _db.Queries.GetArticleAsync(row.Id, CancellationToken.None);
        Assert.Equal(new ArticleDetails(row.Id, _id, 3, "Apple results", "The company beat forecasts; shares rose.", 1, "business"), details);
        Assert.Null(await _db.Queries.GetArticleAsync(-1, CancellationToken.None));
    }

    [Fact]
    public async Task Text_preview_is_cut()
    {
        var longText = string.Concat(Enumerable.Repeat("word ", 200)).Trim();
        var result = await _db.ImportAsync(_db.WriteFile("long.csv", $"title,text\nLong,{longText}\n"), "long");
        var row = (await _db.Queries.GetPageAsync(result.DatasetId!.Value, new ArticleQuery(0, 1), CancellationToken.None)).Items[0];
        Assert.Equal(ArticleQueries.PreviewLength, row.TextPreview.Length);
        Assert.Null(row.LabelName);
    }
}
