namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>Malformed, binary, empty and oversized CSV and JSONL files given to the real CLI's <c>import</c> on the
/// server's data directory: all or nothing, so each is refused with the reason and no dataset, label or article appears.</summary>
[Collection(HostileCollection.Name)]
public sealed class MalformedImportCases(HostileApp app)
{
    private Task RefusedAsync(string fileName, byte[] content, string message, params string[] extra)
    {
        var path = Path.Combine(app.ScratchDirectory, fileName);
        File.WriteAllBytes(path, content);
        return Hostile.CliRefusedAsync(app, ["import", path, "--name", "hostile-" + Path.GetFileNameWithoutExtension(fileName), .. extra], message);
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public Task A_binary_file_is_refused() =>
        RefusedAsync("binary.csv", [.. Text("label,title,text\n"), 0x00, 0x01, 0xFF, 0x00, 0x7F, .. Text("\n")],
            "The file looks binary (it contains NUL characters)");

    [Fact]
    public Task An_empty_file_is_refused() => RefusedAsync("empty.csv", [], "The file is empty.");

    [Fact]
    public Task A_header_without_rows_is_refused() => RefusedAsync("header-only.csv", Text("label,title,text\n"), "The file has a header but no rows.");

    [Fact]
    public Task An_unbalanced_quote_is_refused_naming_the_line() =>
        RefusedAsync("quote.csv", Text("label,title,text\nWorld,\"never closed,text\nSports,b,c\n"),
            "Unbalanced quote: the quoted field opened on line 2 is never closed.");

    [Fact]
    public Task A_3_MB_line_is_refused_with_the_text_limit() =>
        RefusedAsync("huge-line.csv", Text("label,title,text\nWorld,t," + new string('a', 3_000_000) + "\n"),
            "The text is 3,000,000 characters long; the limit is 100,000.");

    [Fact]
    public Task A_jsonl_line_that_is_not_json_is_refused_naming_the_line() =>
        RefusedAsync("broken.jsonl", Text("{\"title\":\"a\",\"text\":\"b\",\"label\":\"World\"}\n{not json\n"),
            "line 2: Invalid JSON:", "--format", "jsonl");

    [Fact]
    public Task A_name_that_exists_already_is_refused() =>
        Hostile.CliRefusedAsync(app, ["import", Path.Combine(app.ScratchDirectory, "sample.csv"), "--name", HostileApp.DatasetName],
            $"A dataset named '{HostileApp.DatasetName}' already exists");

    [Fact]
    public Task A_missing_file_is_refused() =>
        Hostile.CliRefusedAsync(app, ["import", Path.Combine(app.ScratchDirectory, "no-such-file.csv"), "--name", "hostile-missing"], "File not found");

    [Fact]
    public Task Invalid_utf8_is_refused() =>
        RefusedAsync("invalid-utf8.csv", [.. Text("label,title,text\nWorld,caf"), 0xC3, 0x28, 0xFF, 0xFE, .. Text(",body "), 0x80, 0x81, .. Text(" text\n")],
            "UTF-8");

    /// <summary>The target is the suite's own server on 127.0.0.1: today the CLI downloads it like any other URL.</summary>
    [Fact(Skip = "bug: URL imports fetch loopback addresses (an import of http://127.0.0.1:<port>/s.csv succeeds); issue 12, outbound requests")]
    public Task A_url_import_of_a_loopback_address_is_refused() =>
        Hostile.CliRefusedAsync(app, ["import", new Uri(app.BaseAddress, "/healthz").ToString(), "--name", "hostile-loopback"], "loopback");
}
