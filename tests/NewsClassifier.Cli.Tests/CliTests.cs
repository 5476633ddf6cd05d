using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.Cli.Tests;

/// <summary>The CLI's entry point in-process (same code path as Program.cs, with captured stdout/stderr) against a
/// temp data directory; one test also runs the built executable as a process.</summary>
public sealed class CliTests : IDisposable
{
    internal static readonly string SamplePath = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "ag_news", "ag_news_sample.csv"));
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(_dataDirectory, args);

    [Fact]
    public async Task Migrate_import_the_sample_as_json_and_list_datasets()
    {
        var migrate = await RunAsync("migrate");
        Assert.Equal(0, migrate.Exit);
        Assert.Matches(@"applied \d+ migration\(s\): .*_InitialDatasets, .*_AddArticleSearch", migrate.Out);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "newsclassifier.db")));

        var import = await RunAsync("import", SamplePath, "--name", "AG sample", "--json");
        Assert.Equal(0, import.Exit);
        using (var json = JsonDocument.Parse(import.Out)) // stdout is exactly one JSON object: logs went elsewhere
        {
            var root = json.RootElement;
            Assert.True(root.GetProperty("succeeded").GetBoolean());
            Assert.Equal(1, root.GetProperty("datasetId").GetInt32());
            Assert.Equal(6_000, root.GetProperty("articleCount").GetInt32());
            var perClass = root.GetProperty("perClass").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("count").GetInt32());
            Assert.Equal(new Dictionary<string, int> { ["World"] = 1_496, ["Sports"] = 1_484, ["Business"] = 1_495, ["Sci/Tech"] = 1_525 }, perClass);
            Assert.Equal(0, root.GetProperty("report").GetProperty("duplicateCount").GetInt32());
        }

        var text = await RunAsync("datasets");
        Assert.Contains("AG sample", text.Out);
        Assert.Contains("6,000", text.Out);
        var list = await RunAsync("datasets", "--json");
        using var datasets = JsonDocument.Parse(list.Out);
        var only = Assert.Single(datasets.RootElement.EnumerateArray());
        Assert.Equal("AG sample", only.GetProperty("name").GetString());
        Assert.Equal(6_000, only.GetProperty("articleCount").GetInt32());
        Assert.Equal("ag-news-csv", only.GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_malformed_file_exits_non_zero_with_row_reasons_and_saves_nothing()
    {
        await RunAsync("migrate");
        var file = Path.Combine(_dataDirectory, "bad.csv");
        await File.WriteAllTextAsync(file, "label,title,description\n1,Fine,Text\n7,Bad label,Text\n2,\"Unclosed,Text\n");
        var plain = await RunAsync("import", file, "--name", "bad");
        Assert.Equal(1, plain.Exit);
        Assert.Equal("", plain.Out);
        Assert.Contains("error: Nothing imported: 2 of 3 rows have problems.", plain.Err);
        Assert.Contains("line 3: Label '7' is not one of 1-4", plain.Err);
        Assert.Contains("line 4: Unbalanced quote", plain.Err);

        var json = await RunAsync("import", file, "--name", "bad", "--json");
        Assert.Equal(1, json.Exit);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.False(doc.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal([3, 4], doc.RootElement.GetProperty("report").GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("row").GetInt32()));
        Assert.Equal("[]", (await RunAsync("datasets", "--json")).Out.Trim());
    }

    [Fact]
    public async Task Generic_csv_with_column_options_and_a_missing_file()
    {
        await RunAsync("migrate");
        var file = Path.Combine(_dataDirectory, "news.csv");
        await File.WriteAllTextAsync(file, "a;b;c\nOne;First text;x\nTwo;Second text;y\n");
        var import = await RunAsync("import", file, "--name", "semi", "--format", "csv", "--title-column", "a", "--text-column", "b", "--label-column", "3");
        Assert.Equal(0, import.Exit);
        Assert.Contains("2 articles, 2 labeled", import.Out);

        var missing = await RunAsync("import", Path.Combine(_dataDirectory, "nope.csv"), "--name", "x");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("File not found", missing.Err);
        var badUrl = await RunAsync("import", "ftp://example.invalid/x.csv", "--name", "x", "--json");
        Assert.Equal(1, badUrl.Exit);
        Assert.Contains("Only http and https", JsonDocument.Parse(badUrl.Out).RootElement.GetProperty("message").GetString());
        var usage = await RunAsync("import", file);
        Assert.NotEqual(0, usage.Exit); // --name is required
    }

    [Fact]
    public async Task The_built_executable_uses_environment_configuration()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "newsclassifier.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("migrate");
        start.Environment["Storage__DataDirectory"] = _dataDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains(_dataDirectory, await stdout);
        Assert.Contains("Applying", await stderr); // logs on stderr
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "newsclassifier.db")));
    }

    [Fact]
    public async Task A_process_killed_mid_import_leaves_no_dataset_behind()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        var file = Path.Combine(_dataDirectory, "big.csv");
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync("label,title,description");
            for (var i = 0; i < 400_000; i++) await writer.WriteLineAsync($"{i % 4 + 1},Title number {i},Some text for article {i} to index.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "newsclassifier.dll"));
        foreach (var arg in new[] { "import", file, "--name", "killed" }) start.ArgumentList.Add(arg);
        start.Environment["Storage__DataDirectory"] = _dataDirectory;
        using var process = new Process { StartInfo = start };
        var log = new System.Text.StringBuilder();
        var reading = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log) log.AppendLine(e.Data);
            // The first progress line comes once the dataset row is written inside the open transaction.
            if (e.Data?.Contains("Reading: ") == true) reading.TrySetResult();
        };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await Task.WhenAny(reading.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(reading.Task.IsCompleted && !process.HasExited, "the import was not caught in progress: " + log);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        Assert.True("[]" == (await RunAsync("datasets", "--json")).Out.Trim(), log.ToString());
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "newsclassifier.db")};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM Articles) + (SELECT COUNT(*) FROM LabelClasses) + (SELECT COUNT(*) FROM Datasets)";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
        // And the name is free: a complete import now succeeds.
        Assert.Equal(0, (await RunAsync("import", file, "--name", "killed")).Exit);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found");
    }
}
