using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Import;

public sealed class ImportLabelUseTests
{
    private const string AgNews = "label,title,description\n1,Talks resume,Diplomats met.\n2,Cup final,Late goal.\n2,Derby,Home win.\n";
    private const string Generic = "headline,body,topic\nTalks resume,Diplomats met.,politics\nCup final,Late goal.,sport\nDerby,Home win.,sport\n";

    [Theory]
    [InlineData(FileLabelUse.Gold, 3, 0)]
    [InlineData(FileLabelUse.Suggestions, 0, 3)]
    [InlineData(FileLabelUse.Ignore, 0, 0)]
    public async Task Ag_news_labels_become_gold_suggestions_or_nothing_and_the_label_set_is_the_four_classes(FileLabelUse use, int gold, int suggested)
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await db.ImportAsync(db.WriteFile("ag.csv", AgNews), spec: new ImportSpec(FileLabels: use));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(gold, result.LabelledCount);
        Assert.Equal(suggested, result.SuggestedCount);

        var (labels, articles) = await ReadAsync(db, result.DatasetId!.Value);
        Assert.Equal(["World", "Sports", "Business", "Sci/Tech"], labels.Select(l => l.Name));
        var world = labels[0].Id;
        var sports = labels[1].Id;
        Assert.Equal(gold, articles.Count(a => a.LabelId is not null));
        Assert.Equal(suggested, articles.Count(a => a.SuggestedLabelId is not null));
        int?[] expected = [world, sports, sports];
        if (use == FileLabelUse.Gold) Assert.Equal(expected, articles.Select(a => a.LabelId));
        if (use == FileLabelUse.Suggestions) Assert.Equal(expected, articles.Select(a => a.SuggestedLabelId));
        Assert.Equal(gold, db.Scalar($"SELECT \"LabelledCount\" FROM \"Datasets\" WHERE \"Id\" = {result.DatasetId}"));
    }

    [Fact]
    public async Task A_generic_file_keeps_its_label_names_as_the_label_set_in_every_mode()
    {
        foreach (var use in Enum.GetValues<FileLabelUse>())
        {
            await using var db = await TestDatabase.CreateAsync();
            var result = await db.ImportAsync(db.WriteFile("g.csv", Generic), spec: new ImportSpec(FileLabels: use));
            Assert.True(result.Succeeded, result.Message);
            var (labels, articles) = await ReadAsync(db, result.DatasetId!.Value);
            Assert.Equal(["politics", "sport"], labels.Select(l => l.Name));
            int?[] suggested = use == FileLabelUse.Suggestions ? [labels[0].Id, labels[1].Id, labels[1].Id] : [null, null, null];
            Assert.Equal(suggested, articles.Select(a => a.SuggestedLabelId));
        }
    }

    [Fact]
    public async Task Ignored_labels_do_not_refuse_rows_but_gold_and_suggested_ones_do()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("bad-label.csv", "label,title,description\n1,Talks resume,Diplomats met.\n9,Odd,Label out of range.\n");
        Assert.False((await db.ImportAsync(path, "gold")).Succeeded);
        var suggestions = await db.ImportAsync(path, "suggestions", new ImportSpec(FileLabels: FileLabelUse.Suggestions));
        Assert.False(suggestions.Succeeded);
        Assert.Contains("not one of 1-4", suggestions.Report.Problems.Single().Reason);
        var ignored = await db.ImportAsync(path, "ignored", new ImportSpec(FileLabels: FileLabelUse.Ignore));
        Assert.True(ignored.Succeeded, ignored.Message);
        Assert.Equal(2, ignored.ArticleCount);
    }

    [Fact]
    public async Task A_file_without_labels_gets_the_class_names_typed_at_import()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("texts.csv", "title,text\nTalks resume,Diplomats met.\nCup final,Late goal.\n");
        var result = await db.ImportAsync(path, spec: new ImportSpec(LabelNames: ["Politics", "Sport"]));
        Assert.True(result.Succeeded, result.Message);
        var (labels, articles) = await ReadAsync(db, result.DatasetId!.Value);
        Assert.Equal(["Politics", "Sport"], labels.Select(l => l.Name));
        Assert.All(articles, a => Assert.Null(a.LabelId));
    }

    [Fact]
    public async Task The_label_use_is_stored_in_the_imports_spec_and_read_back_with_it()
    {
        // Specs written before these options existed read as gold labels with clean-up on.
        var old = StoredJson.Deserialize<ImportSpec>("{\"format\":\"AgNews\"}")!;
        Assert.Equal(FileLabelUse.Gold, old.FileLabels);
        Assert.True(old.CleanText);
        var json = StoredJson.Serialize(new ImportSpec(FileLabels: FileLabelUse.Suggestions, CleanText: false));
        Assert.Contains("\"fileLabels\":\"Suggestions\"", json);
        Assert.Equal(new ImportSpec(FileLabels: FileLabelUse.Suggestions, CleanText: false), StoredJson.Deserialize<ImportSpec>(json));
    }

    private static async Task<(List<Domain.Datasets.LabelClass> Labels, List<Domain.Datasets.Article> Articles)> ReadAsync(TestDatabase db, int datasetId)
    {
        await using var context = await db.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var labels = await context.LabelClasses.Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal).ToListAsync();
        var articles = await context.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.SourceRow).ToListAsync();
        return (labels, articles);
    }
}
