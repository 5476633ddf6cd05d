namespace NewsClassifier.Faults.Tests.Cases;

/// <summary>
/// <c>newsclassifier import</c> of a large generated file (120,000 row-unique articles built from the AG News sample) is
/// killed with SIGKILL mid-import. A CLI import has no queue behind it: nobody resumes it, so the crashed import fails and
/// must leave nothing the user can see. After the web app starts, the user sees no trace of the dataset and the other
/// dataset untouched; the same command run again then imports every row exactly once, and nothing partial is left.
/// (The web app's own imports are queued jobs that a restart runs again; they have no HTTP API to start them from outside.)
/// </summary>
public sealed class ImportFaultCases
{
    private const int Rows = 120_000;
    private const string Name = "faults-big";

    [Fact]
    public async Task Kill_9_during_an_import_leaves_nothing_partial_and_the_import_run_again_has_every_row_once()
    {
        await using var host = await FaultHost.CreateAsync();
        await host.ImportSampleAsync("faults-seed", 200);
        var file = Path.Combine(host.InputDirectory, "big.csv");
        await WriteLargeFileAsync(file);
        var before = await RowCounts.ReadAsync(host);

        var cli = host.StartCli(["import", file, "--name", Name]);
        // The CLI logs to stderr; its first "Reading:" line comes once the dataset row is written.
        await FaultHost.UntilAsync(() => Task.FromResult(cli.StandardError.Contains("Reading:", StringComparison.Ordinal)), cli, "the import to start reading");
        // Kill once part of the file is written (visible when the import writes in committed batches), or after 2 s.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < deadline && !cli.HasExited && await ArticlesOfAsync(host) < Rows / 5) await Task.Delay(50);
        Assert.False(cli.HasExited, $"the import ended before the kill:\n{cli.Tail()}");
        cli.Kill();

        // What the user sees after the crash: the other dataset as it was and no trace of this one (a partial dataset
        // still Importing is invisible; its rows are deleted by a clean-up or by the import's retry below).
        var web = await host.StartWebAsync();
        var client = await FaultHost.SignInAsync(web);
        using (var datasets = JsonDocument.Parse(await client.GetStringAsync("/api/datasets")))
            Assert.Equal(["faults-seed"], datasets.RootElement.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(0, await host.ScalarAsync<long>($"SELECT COUNT(*) FROM Datasets WHERE Name = '{Name}' AND State = 0"));
        Assert.Equal(200, await host.ScalarAsync<long>("SELECT COUNT(*) FROM Articles a JOIN Datasets d ON d.Id = a.DatasetId WHERE d.Name = 'faults-seed'"));

        var again = await host.CliAsync("import", file, "--name", Name);
        Assert.True(again.Exit == 0, $"the import run again failed: {again}");
        before.Plus(("Datasets", 1), ("Articles", Rows), ("LabelClasses", 4)).AssertEqual(await RowCounts.ReadAsync(host));
        Assert.Equal(Rows, await ArticlesOfAsync(host));
        await host.KillWhenIdleAsync(web.Process);
        await Aftermath.AssertCleanAsync(host);
    }

    private static async Task<long> ArticlesOfAsync(FaultHost host)
    {
        try
        {
            return await host.ScalarAsync<long>($"SELECT COUNT(*) FROM Articles a JOIN Datasets d ON d.Id = a.DatasetId WHERE d.Name = '{Name}'");
        }
        catch (SqliteException) { return 0; }
    }

    /// <summary><see cref="Rows"/> rows cycling through the sample, each made unique (so none is skipped as a duplicate)
    /// by a row number appended to its description; the sample has one row per line.</summary>
    private static async Task WriteLargeFileAsync(string path)
    {
        var lines = File.ReadLines(SampleData.SamplePath).ToList();
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync(lines[0]);
        for (var i = 0; i < Rows; i++)
        {
            var line = lines[1 + i % (lines.Count - 1)];
            await writer.WriteLineAsync(line.EndsWith('"') ? $"{line[..^1]} u{i}\"" : $"{line} u{i}");
        }
    }
}
