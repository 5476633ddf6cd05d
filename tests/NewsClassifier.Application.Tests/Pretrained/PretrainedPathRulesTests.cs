using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Pretrained;
using static NewsClassifier.Application.Tests.Pretrained.PretrainedTestApp;

namespace NewsClassifier.Application.Tests.Pretrained;

/// <summary>Where pretrained weights may come from: from the web a training run names an imported checkpoint (never a
/// server folder), and a folder import under Import:ServerPathRoots cannot reach outside through a symbolic link.</summary>
public sealed class PretrainedPathRulesTests(NewsHost app) : IClassFixture<NewsHost>
{
    private string NewFolder(string prefix) => Path.Combine(app.DataDirectory, $"{prefix}-{Guid.NewGuid():N}");

    private async Task<int> CountAsync<T>(Func<NewsDbContext, DbSet<T>> set) where T : class
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await set(db).CountAsync();
    }

    [Fact]
    public async Task From_the_web_pretrained_must_name_an_imported_checkpoint_and_a_server_folder_is_refused()
    {
        var datasetId = await SampleData.ImportSampleAsync(app, "pretrained-rules", 60);
        var row = await ImportInlineAsync(app, new PretrainedRequest { Path = TinyCheckpoint.Write(NewFolder("named")), Name = "rules-tiny" });
        Assert.True(row.State == PretrainedState.Ready, row.Error);
        var loose = TinyCheckpoint.Write(NewFolder("loose")); // a valid checkpoint folder that was never imported
        using var scope = app.Services.CreateScope();
        var requests = scope.ServiceProvider.GetRequiredService<TrainingRequests>();
        TrainingRequest Request(string pretrained) => new(datasetId, "bert-frozen", new Dictionary<string, string> { ["pretrained"] = pretrained, ["max_length"] = "32" });
        var runsBefore = await CountAsync(db => db.TrainingRuns);

        foreach (var path in new[] { loose, "/etc", "../" + Path.GetFileName(loose), Path.Combine(app.DataDirectory, "pretrained") })
        {
            var refused = await Assert.ThrowsAsync<TrainingRequestException>(() => requests.CreateRunAsync(Request(path), CancellationToken.None));
            Assert.Equal(["pretrained must name an imported checkpoint (Models > Pretrained)."], refused.Errors);
        }
        Assert.Equal(runsBefore, await CountAsync(db => db.TrainingRuns));

        // By name the run records the checkpoint's folder, and a re-run passing that folder back finds the same checkpoint.
        var folder = FolderOf(app, row);
        var byName = await requests.CreateRunAsync(Request("rules-tiny"), CancellationToken.None);
        Assert.Contains($"\"{folder}\"", byName.ParametersJson);
        var rerun = await requests.CreateRunAsync(Request(folder), CancellationToken.None);
        Assert.Contains($"\"{folder}\"", rerun.ParametersJson);
        // The CLI may still train on any folder.
        var cli = await requests.CreateRunAsync(Request(loose) with { AllowPretrainedFolder = true }, CancellationToken.None);
        Assert.Contains($"\"{loose}\"", cli.ParametersJson);
    }

    [Fact]
    public async Task A_folder_import_through_a_link_to_outside_the_roots_is_refused_and_records_nothing()
    {
        var outside = TinyCheckpoint.Write(Path.Combine(Directory.CreateTempSubdirectory("nc-outside-").FullName, "ckpt"));
        try
        {
            var linkedFolder = NewFolder("linked-folder");
            Directory.CreateSymbolicLink(linkedFolder, outside);
            var linkedFile = TinyCheckpoint.Write(NewFolder("linked-file"));
            File.Delete(Path.Combine(linkedFile, "config.json"));
            File.CreateSymbolicLink(Path.Combine(linkedFile, "config.json"), Path.Combine(outside, "config.json"));
            using var scope = app.Services.CreateScope();
            var requests = scope.ServiceProvider.GetRequiredService<PretrainedRequests>();
            var before = await CountAsync(db => db.PretrainedCheckpoints);

            var folder = await Assert.ThrowsAsync<PretrainedException>(() =>
                requests.CreateAsync(new PretrainedRequest { Path = linkedFolder, Name = "via-folder-link" }, restrictServerPaths: true, CancellationToken.None));
            Assert.Equal($"'{linkedFolder}' is outside the folders this server imports from (Import:ServerPathRoots).", folder.Message);
            var file = await Assert.ThrowsAsync<PretrainedException>(() =>
                requests.CreateAsync(new PretrainedRequest { Path = linkedFile, Name = "via-file-link" }, restrictServerPaths: true, CancellationToken.None));
            Assert.Equal($"'config.json' in '{linkedFile}' links outside the folders this server imports from (Import:ServerPathRoots).", file.Message);
            Assert.Equal(before, await CountAsync(db => db.PretrainedCheckpoints));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(outside)!, recursive: true);
        }
    }
}
