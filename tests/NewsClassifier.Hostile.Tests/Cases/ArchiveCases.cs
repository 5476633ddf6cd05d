namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>Hostile model archives on POST /api/models/import: traversal, absolute and nested entry names, duplicates,
/// no or a broken model card, and bytes that are no zip. Each is refused before anything is written or moved.</summary>
[Collection(HostileCollection.Name)]
public sealed class ArchiveCases(HostileApp app)
{
    private Task RefusedAsync(byte[] archive, string message) =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsync("/api/models/import", HostileZip.Form(archive, name: "hostile-import")),
            HttpStatusCode.BadRequest, message);

    [Fact]
    public Task A_traversal_entry_is_refused() =>
        RefusedAsync(HostileZip.Of(("../../evil.txt", "x"), ("model-card.json", "{}")),
            "The archive entry '../../evil.txt' is not a plain file name (model archives are flat).");

    [Fact]
    public Task An_absolute_entry_path_is_refused() =>
        RefusedAsync(HostileZip.Of(("/tmp/evil.txt", "x"), ("model-card.json", "{}")),
            "The archive entry '/tmp/evil.txt' is not a plain file name");

    [Fact]
    public Task A_backslash_traversal_entry_is_refused() =>
        RefusedAsync(HostileZip.Of(("..\\..\\evil.txt", "x"), ("model-card.json", "{}")),
            "is not a plain file name");

    [Fact]
    public Task A_nested_entry_is_refused() =>
        RefusedAsync(HostileZip.Of(("sub/evil.txt", "x"), ("model-card.json", "{}")),
            "The archive entry 'sub/evil.txt' is not a plain file name");

    [Fact]
    public Task A_duplicate_entry_is_refused() =>
        RefusedAsync(HostileZip.Of(("model-card.json", "{}"), ("model-card.json", "{\"format\":1}")),
            "The archive holds 'model-card.json' twice.");

    [Fact]
    public Task An_archive_without_a_model_card_is_refused() =>
        RefusedAsync(HostileZip.Of(("config.json", "{}")), "The archive has no model-card.json.");

    [Fact]
    public Task A_model_card_that_is_not_json_is_refused() =>
        RefusedAsync(HostileZip.Of(("model-card.json", "{not json")), "model-card.json is not a model card:");

    [Fact]
    public Task Bytes_that_are_not_a_zip_are_refused() =>
        RefusedAsync([.. "PK\u0003\u0004"u8.ToArray(), .. Enumerable.Repeat((byte)0xEE, 4096)], "The file is not a zip archive.");

    [Fact]
    public Task An_import_without_a_file_is_refused() =>
        Hostile.RefusedAsync(app, "Scientist", c =>
        {
            var form = new MultipartFormDataContent { { new StringContent("hostile-import"), "name" } };
            return c.PostAsync("/api/models/import", form);
        }, HttpStatusCode.BadRequest, "Attach the model archive (.zip) as 'file'.");

    [Fact]
    public Task A_json_body_where_a_form_goes_is_a_415() =>
        Hostile.RefusedAsync(app, "Scientist", c => c.PostAsync("/api/models/import", Hostile.Json("{}")), HttpStatusCode.UnsupportedMediaType, "");
}
