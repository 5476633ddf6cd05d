using Microsoft.Extensions.Options;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Import;

public sealed class ImportOptionsTests
{
    [Fact]
    public async Task Defaults_and_server_path_roots_relative_to_the_content_root()
    {
        await using var db = await TestDatabase.CreateAsync();
        var options = db.Services.GetRequiredService<IOptions<ImportOptions>>().Value;
        Assert.Equal(1L << 30, options.MaxUploadBytes);
        Assert.Equal(["./data/imports"], options.ServerPathRoots);
        Assert.EndsWith("/ag_news_csv/train.csv", options.AgNewsUrl.AbsoluteUri);

        var inside = Path.Combine(db.Directory, "data", "imports", "news.csv");
        Assert.True(options.IsAllowedServerPath(inside));
        Assert.True(options.IsAllowedServerPath("data/imports/sub/news.csv"));
        Assert.False(options.IsAllowedServerPath("data/imports/../newsclassifier.db"));
        Assert.False(options.IsAllowedServerPath(Path.Combine(db.Directory, "data", "imports-evil", "x.csv")));
        Assert.False(options.IsAllowedServerPath(Path.Combine(db.Directory, "data", "imports")));
        Assert.False(options.IsAllowedServerPath("/etc/passwd"));
        Assert.False(options.IsAllowedServerPath(""));
    }

    [Fact]
    public async Task A_symbolic_link_out_of_a_root_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        var root = Directory.CreateDirectory(Path.Combine(db.Directory, "data", "imports")).FullName;
        var outside = db.WriteFile("secret.csv", "x");
        var link = Path.Combine(root, "link.csv");
        File.CreateSymbolicLink(link, outside);
        var options = db.Services.GetRequiredService<IOptions<ImportOptions>>().Value;
        Assert.False(options.IsAllowedServerPath(link));
    }

    [Fact]
    public async Task Every_link_along_the_path_is_resolved_so_a_linked_folder_inside_a_root_cannot_reach_outside()
    {
        await using var db = await TestDatabase.CreateAsync();
        var root = Directory.CreateDirectory(Path.Combine(db.Directory, "data", "imports")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(db.Directory, "elsewhere", "deep")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.csv"), "x");
        File.WriteAllText(Path.Combine(db.Directory, "elsewhere", "other.csv"), "x");
        Directory.CreateSymbolicLink(Path.Combine(root, "linked"), outside);
        Directory.CreateDirectory(Path.Combine(root, "real"));
        File.WriteAllText(Path.Combine(root, "real", "ok.csv"), "x");
        Directory.CreateSymbolicLink(Path.Combine(root, "inner"), Path.Combine(root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root, "relative-out"), "../../elsewhere");
        Directory.CreateSymbolicLink(Path.Combine(root, "loop-a"), Path.Combine(root, "loop-b"));
        Directory.CreateSymbolicLink(Path.Combine(root, "loop-b"), Path.Combine(root, "loop-a"));
        var options = db.Services.GetRequiredService<IOptions<ImportOptions>>().Value;

        Assert.False(options.IsAllowedServerPath(Path.Combine(root, "linked", "secret.csv"))); // a linked folder, not the file, leaves the root
        Assert.False(options.IsAllowedServerPath("data/imports/relative-out/other.csv"));       // a relative link
        // ".." after a link goes to the target's parent, as the OS walks it, not back into the root.
        Assert.False(options.IsAllowedServerPath(Path.Combine(root, "linked", "..", "other.csv")));
        Assert.False(options.IsAllowedServerPath(Path.Combine(root, "loop-a", "x.csv")));       // a loop is refused, not followed forever
        Assert.True(options.IsAllowedServerPath(Path.Combine(root, "inner", "ok.csv")));        // a link that stays inside is fine
        Assert.Equal(Path.Combine(outside, "secret.csv"), RealPath.Resolve(Path.Combine(root, "linked", "secret.csv"), db.Directory));
    }

    [Fact]
    public async Task A_root_that_is_itself_a_link_allows_what_lies_inside_its_target()
    {
        await using var db = await TestDatabase.CreateAsync();
        var target = Directory.CreateDirectory(Path.Combine(db.Directory, "mounted")).FullName;
        Directory.CreateDirectory(Path.Combine(db.Directory, "data"));
        Directory.CreateSymbolicLink(Path.Combine(db.Directory, "data", "imports"), target);
        File.WriteAllText(Path.Combine(target, "news.csv"), "x");
        var options = db.Services.GetRequiredService<IOptions<ImportOptions>>().Value;
        Assert.True(options.IsAllowedServerPath("data/imports/news.csv"));
        Assert.True(options.IsAllowedServerPath(Path.Combine(target, "news.csv")));
        Assert.False(options.IsAllowedServerPath(Path.Combine(db.Directory, "data", "imports", "..", "news.csv")));
    }

    [Fact]
    public async Task Configured_roots_bind_from_configuration()
    {
        await using var db = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Import:ServerPathRoots:0"] = "/srv/news",
            ["Import:MaxUploadBytes"] = "1000",
        });
        var options = db.Services.GetRequiredService<IOptions<ImportOptions>>().Value;
        Assert.Equal(1000, options.MaxUploadBytes);
        Assert.True(options.IsAllowedServerPath("/srv/news/a.csv"));
        Assert.Equal(["/srv/news"], options.ServerPathRoots); // configured roots replace the default
    }
}

public sealed class ImportSpecJsonTests
{
    [Fact]
    public void The_spec_round_trips_through_json_as_the_import_job_stores_it()
    {
        var spec = new ImportSpec(ImportFormat.Jsonl, false, new ColumnMapping("head", null, "topic"), ["a", "b"]);
        var json = System.Text.Json.JsonSerializer.Serialize(spec);
        var back = System.Text.Json.JsonSerializer.Deserialize<ImportSpec>(json)!;
        Assert.Equal(spec.Format, back.Format);
        Assert.Equal(spec.HasHeader, back.HasHeader);
        Assert.Equal(spec.Mapping, back.Mapping);
        Assert.Equal(spec.LabelNames, back.LabelNames);
        Assert.Equal(new ImportSpec(), System.Text.Json.JsonSerializer.Deserialize<ImportSpec>("{}"));
    }
}
