using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Training;

/// <summary>A run's name and tags are given when it is queued (form, API, CLI all come through TrainingRequests):
/// stored trimmed and normalised, refused when too long, and a refused request records nothing.</summary>
public class RunNameAndTagsTests(NewsHost app) : IClassFixture<NewsHost>, IAsyncLifetime
{
    private int _datasetId;

    public async Task InitializeAsync() => _datasetId = await SampleData.ImportSampleAsync(app, "name-tags-sample", rows: 60);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<TrainingRun> CreateAsync(string? name, string? tags)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrainingRequests>().CreateRunAsync(
            new TrainingRequest(_datasetId, "tfidf-baseline", null, "test") { Name = name, Tags = tags }, CancellationToken.None);
    }

    private async Task<int> RunCountAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.TrainingRuns.CountAsync();
    }

    [Fact]
    public async Task Name_and_tags_are_stored_trimmed_and_normalised()
    {
        var run = await CreateAsync("  Baseline, no char n-grams  ", " baseline , two words,, Baseline ");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var stored = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id);
        Assert.Equal("Baseline, no char n-grams", stored.Name);
        Assert.Equal("baseline,two-words", stored.Tags);
        Assert.Equal(["baseline", "two-words"], RunTable.ParseTags(stored.Tags));
    }

    [Fact]
    public async Task A_blank_name_is_no_name_and_no_tags_are_empty()
    {
        var run = await CreateAsync("   ", null);
        Assert.Null(run.Name);
        Assert.Equal("", run.Tags);
    }

    [Fact]
    public async Task A_name_over_the_limit_or_with_control_characters_and_tags_over_the_limit_are_refused_and_record_nothing()
    {
        var before = await RunCountAsync();

        var tooLong = await Assert.ThrowsAsync<TrainingRequestException>(() => CreateAsync(new string('n', TrainingRun.MaxNameLength + 1), null));
        Assert.Equal([$"The run name is limited to {TrainingRun.MaxNameLength} characters."], tooLong.Errors);
        var control = await Assert.ThrowsAsync<TrainingRequestException>(() => CreateAsync("two\nlines", null));
        Assert.Contains("control characters", control.Errors.Single());
        var tags = await Assert.ThrowsAsync<TrainingRequestException>(() => CreateAsync(null, string.Join(",", Enumerable.Range(0, 200).Select(i => $"tag{i}"))));
        Assert.Equal([$"Tags are limited to {RunCatalog.MaxTagsLength} characters."], tags.Errors);

        Assert.Equal(before, await RunCountAsync());
        // Exactly at the limit is fine.
        Assert.Equal(TrainingRun.MaxNameLength, (await CreateAsync(new string('n', TrainingRun.MaxNameLength), null)).Name!.Length);
    }

    [Fact]
    public async Task A_rerun_keeps_the_tags()
    {
        var run = await CreateAsync("first", "keep-me,second");
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<RunCatalog>().RerunAsync(run.Id, "test", CancellationToken.None);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        Assert.Equal("keep-me,second", (await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == id)).Tags);
    }
}
