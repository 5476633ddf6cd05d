using System.IO.Compression;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Domain.Pretrained;
using static NewsClassifier.Application.Tests.Pretrained.PretrainedTestApp;

namespace NewsClassifier.Application.Tests.Pretrained;

/// <summary>Server-folder and zip imports, and the folder validator's errors, in the real app.</summary>
public sealed class LocalImportTests(NewsHost app) : IClassFixture<NewsHost>
{
    private string NewFolder(string prefix) => Path.Combine(app.DataDirectory, $"{prefix}-{Guid.NewGuid():N}");

    private PretrainedCheckpoint Validate(Action<string> spoil)
    {
        var folder = TinyCheckpoint.Write(NewFolder("spoiled"));
        spoil(folder);
        return ImportInlineAsync(app, new PretrainedRequest { Path = folder, Name = Path.GetFileName(folder) }).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_server_folder_is_copied_and_the_original_left_untouched()
    {
        var source = TinyCheckpoint.Write(NewFolder("server"), withTokenizerConfig: true);
        File.WriteAllText(Path.Combine(source, "README.md"), "not a checkpoint file");
        var before = Directory.GetFiles(source).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        var row = await ImportInlineAsync(app, new PretrainedRequest { Path = source, Name = "cased-tiny" });

        Assert.True(row.State == PretrainedState.Ready, row.Error);
        Assert.Equal(PretrainedSourceKind.ServerPath, row.SourceKind);
        Assert.Equal(source, row.Source);
        Assert.False(row.LowerCase); // tokenizer_config.json says do_lower_case: false
        Assert.Equal(before, Directory.GetFiles(source).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
        var copied = Directory.GetFiles(FolderOf(app, row)).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"], copied);
        Assert.StartsWith(Path.Combine(app.DataDirectory, "pretrained"), FolderOf(app, row));

        // What BERT recipes call with pretrained=<name or folder>.
        var queries = app.Services.GetRequiredService<PretrainedQueries>();
        Assert.Equal(FolderOf(app, row), await queries.ResolveReadyFolderAsync("cased-tiny", CancellationToken.None));
        Assert.Equal(FolderOf(app, row), await queries.ResolveReadyFolderAsync(row.Folder, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => queries.ResolveReadyFolderAsync("no-such", CancellationToken.None));
        Assert.Contains("No pretrained checkpoint named 'no-such'", missing.Message);
    }

    [Fact]
    public async Task A_zip_with_one_top_folder_is_extracted_and_validated()
    {
        var source = TinyCheckpoint.Write(NewFolder("zipped"));
        var zipPath = NewFolder("upload") + ".zip";
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
            foreach (var file in Directory.GetFiles(source)) zip.CreateEntryFromFile(file, "bert-tiny/" + Path.GetFileName(file));

        var row = await ImportInlineAsync(app, new PretrainedRequest { StagedZip = zipPath, ZipFileName = "bert-tiny.zip" });

        Assert.True(row.State == PretrainedState.Ready, row.Error);
        Assert.Equal("bert-tiny", row.Name);
        Assert.Equal(TinyCheckpoint.Config.BodyParameterCount(), row.ParameterCount);
        Assert.False(File.Exists(zipPath), "the staged upload is removed once extracted");
    }

    [Fact]
    public async Task A_zip_entry_escaping_the_folder_is_refused()
    {
        var source = TinyCheckpoint.Write(NewFolder("evil"));
        var zipPath = NewFolder("evil-upload") + ".zip";
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.GetFiles(source)) zip.CreateEntryFromFile(file, Path.GetFileName(file));
            using var writer = new StreamWriter(zip.CreateEntry("../outside.txt").Open());
            writer.Write("escaped");
        }

        var row = await ImportInlineAsync(app, new PretrainedRequest { StagedZip = zipPath, Name = "evil-zip" });

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.Contains("'../outside.txt'", row.Error);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "pretrained", "outside.txt")));
        Assert.False(File.Exists(Path.Combine(FolderOf(app, row), "config.json")), "nothing is extracted from a refused zip");
    }

    [Fact]
    public async Task A_zip_without_a_vocabulary_is_refused_naming_vocab_txt()
    {
        var source = TinyCheckpoint.Write(NewFolder("novocab"));
        File.Delete(Path.Combine(source, "vocab.txt"));
        var zipPath = NewFolder("novocab-upload") + ".zip";
        ZipFile.CreateFromDirectory(source, zipPath);

        var row = await ImportInlineAsync(app, new PretrainedRequest { StagedZip = zipPath, Name = "no-vocab" });

        Assert.Equal(PretrainedState.Failed, row.State);
        Assert.StartsWith("vocab.txt is missing", row.Error);
    }

    [Fact]
    public void Validator_errors_name_the_file()
    {
        var badConfig = Validate(f => File.WriteAllText(Path.Combine(f, "config.json"),
            TinyCheckpoint.ConfigJson(TinyCheckpoint.Config with { NumAttentionHeads = 3 })));
        Assert.Equal(PretrainedState.Failed, badConfig.State);
        Assert.Contains("config.json", badConfig.Error);
        Assert.Contains("num_attention_heads", badConfig.Error);

        var notJson = Validate(f => File.WriteAllText(Path.Combine(f, "config.json"), "{ not json"));
        Assert.Contains("config.json", notJson.Error);

        var bigVocab = Validate(f => File.AppendAllLines(Path.Combine(f, "vocab.txt"), ["extra1", "extra2"]));
        Assert.Equal(PretrainedState.Failed, bigVocab.State);
        Assert.Contains("vocab.txt has 22 tokens but config.json's vocab_size is 20", bigVocab.Error);

        var smallVocab = Validate(f => File.WriteAllLines(Path.Combine(f, "vocab.txt"), TinyCheckpoint.Vocabulary[..15]));
        Assert.True(smallVocab.State == PretrainedState.Ready, smallVocab.Error);
        Assert.Equal(15, smallVocab.VocabFileTokens);

        var badWeights = Validate(f =>
        {
            var path = Path.Combine(f, "model.safetensors");
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        });
        Assert.Equal(PretrainedState.Failed, badWeights.State);
        Assert.Contains("model.safetensors", badWeights.Error);

        var notTorchBin = Validate(f =>
        {
            File.Delete(Path.Combine(f, "model.safetensors"));
            File.WriteAllText(Path.Combine(f, "pytorch_model.bin"), "legacy pickle bytes");
        });
        Assert.Contains("pytorch_model.bin", notTorchBin.Error);

        var noWeights = Validate(f => File.Delete(Path.Combine(f, "model.safetensors")));
        Assert.Contains("neither model.safetensors nor pytorch_model.bin", noWeights.Error);
        var notReady = Assert.Throws<InvalidOperationException>(() =>
            app.Services.GetRequiredService<PretrainedQueries>().ResolveReadyFolderAsync(noWeights.Name, CancellationToken.None).GetAwaiter().GetResult());
        Assert.Contains("is Failed, not Ready: No weights", notReady.Message);
    }

    [Fact]
    public async Task Names_are_unique_and_delete_removes_the_files()
    {
        var source = TinyCheckpoint.Write(NewFolder("dup"));
        var row = await ImportInlineAsync(app, new PretrainedRequest { Path = source, Name = "dup-name" });
        using var scope = app.Services.CreateScope();
        var requests = scope.ServiceProvider.GetRequiredService<PretrainedRequests>();

        var e = await Assert.ThrowsAsync<PretrainedException>(() => requests.CreateAsync(new PretrainedRequest { Path = source, Name = "dup-name" }, false, CancellationToken.None));
        Assert.Contains("exists already", e.Message);
        await Assert.ThrowsAsync<PretrainedException>(() => requests.CreateAsync(new PretrainedRequest { Path = "/etc", Name = "outside" }, true, CancellationToken.None));

        var folder = FolderOf(app, row);
        Assert.True(await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().DeleteAsync(row.Id, CancellationToken.None));
        Assert.False(Directory.Exists(folder));
        Assert.True(Directory.Exists(source));
        Assert.Null(await GetAsync(app, row.Id));
    }
}
