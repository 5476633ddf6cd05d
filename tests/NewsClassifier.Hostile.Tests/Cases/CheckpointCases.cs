using NewsClassifier.TestSupport;

namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>Hostile pretrained checkpoints: server paths outside the import roots, hostile hub ids, zips with traversal or
/// absolute entries, pickles that name os.system or builtins.eval, and safetensors headers that lie about their size.
/// Requests are refused at once (400) when the request itself is wrong; files are refused by the import job, which must
/// end Failed without executing or extracting anything (see <see cref="Hostile.PretrainedImportFailsAsync"/>).</summary>
[Collection(HostileCollection.Name)]
public sealed class CheckpointCases(HostileApp app)
{
    private Task RefusedAsync(object body, string message) =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsJsonAsync("/api/pretrained", body), HttpStatusCode.BadRequest, message);

    [Fact]
    public Task A_server_path_outside_the_import_roots_is_refused() =>
        RefusedAsync(new { path = "/etc" }, "'/etc' is outside the folders this server imports from (Import:ServerPathRoots).");

    [Fact]
    public Task A_dot_dot_path_out_of_the_import_root_is_refused() =>
        RefusedAsync(new { path = Path.Combine(app.ImportRoot, "..", "..", "..", "etc") }, "is outside the folders this server imports from");

    [Fact]
    public Task A_hub_id_with_traversal_is_refused() =>
        RefusedAsync(new { hubId = "../../etc/passwd" }, "'../../etc/passwd' is not a hub model id");

    [Fact]
    public Task A_hub_revision_with_traversal_is_refused() =>
        RefusedAsync(new { hubId = "google/bert", revision = "../../x" }, "'../../x' is not a branch, tag or commit.");

    [Fact]
    public Task Two_sources_at_once_are_refused() =>
        RefusedAsync(new { hubId = "google/bert", path = app.ImportRoot }, "Give exactly one source");

    [Fact]
    public Task A_json_null_body_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsync("/api/pretrained", Hostile.Json("null")), HttpStatusCode.BadRequest,
            "Send {hubId, revision?, name?} or {path, name?} as JSON");

    [Fact]
    public Task A_zip_with_a_traversal_entry_fails_without_extracting() =>
        Hostile.PretrainedImportFailsAsync(app, c => c.PostAsync("/api/pretrained",
            HostileZip.Form(HostileZip.Of(("../config.json", "{}"), ("vocab.txt", "[PAD]")), name: "zip-traversal")),
            "The zip entry '../config.json' is not a plain relative path");

    [Fact]
    public Task A_zip_with_an_absolute_entry_fails_without_extracting() =>
        Hostile.PretrainedImportFailsAsync(app, c => c.PostAsync("/api/pretrained",
            HostileZip.Form(HostileZip.Of(("/tmp/config.json", "{}")), name: "zip-absolute")),
            "The zip entry '/tmp/config.json' is not a plain relative path");

    [Fact]
    public Task An_upload_that_is_not_a_zip_fails() =>
        Hostile.PretrainedImportFailsAsync(app, c => c.PostAsync("/api/pretrained",
            HostileZip.Form(Enumerable.Repeat((byte)0x42, 2048).ToArray(), name: "not-a-zip")),
            "The uploaded file is not a zip archive.");

    [Theory]
    [InlineData("os", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("subprocess", "Popen")]
    public Task A_pickle_naming_a_dangerous_global_is_refused_unexecuted(string module, string name)
    {
        var marker = Path.Combine(app.ScratchDirectory, $"pwned-{module}-{name}");
        var pickle = new PickleBuilder().Proto().Global(module, name).ShortUnicode($"touch {marker}").Op(0x85 /* TUPLE1 */).Op((byte)'R').Op((byte)'.').ToArray();
        var folder = Folder($"pickle-{module}-{name}");
        TorchSaveWriter.WriteArchive(Path.Combine(folder, "pytorch_model.bin"), [("data.pkl", pickle), ("version", "3\n"u8.ToArray())]);
        return AndNotExecuted(marker, Hostile.PretrainedImportFailsAsync(app, c => c.PostAsJsonAsync("/api/pretrained", new { path = folder, name = $"pickle-{module}" }),
            $"global '{module}.{name}' is not allowed"));
    }

    [Fact]
    public Task A_safetensors_header_length_of_2_to_the_62_is_refused()
    {
        var folder = Folder("safetensors-huge-header");
        var bytes = new byte[64];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 1UL << 62);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), bytes);
        return Hostile.PretrainedImportFailsAsync(app, c => c.PostAsJsonAsync("/api/pretrained", new { path = folder, name = "st-header" }),
            // Refused by the format sniffing before the header is parsed: 2^62 as little-endian bytes is no safetensors start.
            "model.safetensors' is neither a safetensors file nor a torch.save zip archive");
    }

    [Fact]
    public Task Safetensors_offsets_past_the_end_of_the_file_are_refused()
    {
        var folder = Folder("safetensors-offsets");
        var header = Encoding.UTF8.GetBytes("""{"bert.embeddings.word_embeddings.weight":{"dtype":"F32","shape":[1000000,128],"data_offsets":[0,512000000]}}""");
        var bytes = new byte[8 + header.Length + 16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), bytes);
        return Hostile.PretrainedImportFailsAsync(app, c => c.PostAsJsonAsync("/api/pretrained", new { path = folder, name = "st-offsets" }),
            "model.safetensors");
    }

    /// <summary>A checkpoint folder inside the import root with a valid config and vocabulary; the case adds the weights.</summary>
    private string Folder(string name)
    {
        var folder = Path.Combine(app.ImportRoot, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), TinyCheckpoint.ConfigJson());
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), TinyCheckpoint.Vocabulary);
        return folder;
    }

    private static async Task AndNotExecuted(string marker, Task importFails)
    {
        await importFails;
        Assert.False(File.Exists(marker), $"The pickle ran a command: {marker} exists.");
    }
}
