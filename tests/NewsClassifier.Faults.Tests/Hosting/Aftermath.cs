using System.Text.RegularExpressions;

namespace NewsClassifier.Faults.Tests.Hosting;

/// <summary>
/// What every case checks once the work is over, whatever the fault was: SQLite's own integrity and foreign-key checks,
/// no metric recorded twice, no half-imported dataset, the full-text index in step with the articles, no work left
/// queued, running or leased, and no orphan folder (a run folder without its run, a pretrained folder without its row,
/// staging leftovers, temporary checkpoint or download files). Each problem is one readable line.
/// </summary>
public static partial class Aftermath
{
    public static async Task<IReadOnlyList<string>> ProblemsAsync(FaultHost host)
    {
        var problems = new List<string>();
        var integrity = await host.QueryAsync("PRAGMA integrity_check", r => r.GetString(0));
        if (integrity is not ["ok"]) problems.Add("PRAGMA integrity_check: " + string.Join("; ", integrity));
        var foreignKeys = await host.QueryAsync("PRAGMA foreign_key_check", r => $"{r.GetString(0)} rowid {r.GetValue(1)} -> {r.GetString(2)}");
        if (foreignKeys.Count > 0) problems.Add("PRAGMA foreign_key_check: " + string.Join("; ", foreignKeys));

        problems.AddRange(await host.QueryAsync(
            "SELECT RunId, Name, Step, COUNT(*) FROM RunMetrics GROUP BY RunId, Name, Step HAVING COUNT(*) > 1 LIMIT 10",
            r => $"run {r.GetInt32(0)} has metric {r.GetString(1)} at step {r.GetInt32(2)} {r.GetInt32(3)} times"));
        problems.AddRange(await host.QueryAsync("SELECT Id, Name FROM Datasets WHERE State <> 0",
            r => $"dataset {r.GetInt32(0)} '{r.GetString(1)}' is still Importing"));
        var articles = await host.ScalarAsync<long>("SELECT COUNT(*) FROM Articles");
        var indexed = await host.ScalarAsync<long>("SELECT COUNT(*) FROM ArticleSearch");
        if (articles != indexed) problems.Add($"{articles} articles but {indexed} rows in the full-text index");
        problems.AddRange(await host.QueryAsync("SELECT Id, State FROM TrainingRuns WHERE State IN ('Queued', 'Running')", r => $"run {r.GetInt32(0)} is still {r.GetString(1)}"));
        problems.AddRange(await host.QueryAsync("SELECT Id, State FROM DatasetImports WHERE State IN ('Queued', 'Running')", r => $"import {r.GetInt32(0)} is still {r.GetString(1)}"));
        problems.AddRange(await host.QueryAsync("SELECT Id, State FROM PretrainedCheckpoints WHERE State IN ('Queued', 'Downloading', 'Validating')",
            r => $"pretrained checkpoint {r.GetInt32(0)} is still {r.GetString(1)}"));
        problems.AddRange(await host.QueryAsync("SELECT Kind, WorkId, Owner FROM WorkLeases", r => $"a {r.GetString(0)} lease on {r.GetInt32(1)} is left, held by {r.GetString(2)}"));
        problems.AddRange(await OrphansAsync(host));
        return problems;
    }

    /// <summary>Asserts <see cref="ProblemsAsync"/> finds nothing; the message carries <paramref name="log"/> (a process's tail).</summary>
    public static async Task AssertCleanAsync(FaultHost host, string log = "")
    {
        var problems = await ProblemsAsync(host);
        Assert.True(problems.Count == 0, "After the fault:\n" + string.Join('\n', problems) + (log.Length > 0 ? "\n--- log\n" + log : ""));
    }

    private static async Task<IReadOnlyList<string>> OrphansAsync(FaultHost host)
    {
        var problems = new List<string>();
        var runs = (await host.QueryAsync("SELECT Id FROM TrainingRuns", r => r.GetInt32(0).ToString())).ToHashSet();
        var runsFolder = Path.Combine(host.DataDirectory, "artifacts", "runs");
        if (Directory.Exists(runsFolder))
            problems.AddRange(Directory.EnumerateDirectories(runsFolder).Select(Path.GetFileName).Where(n => !runs.Contains(n!))
                .Select(n => $"artifacts/runs/{n} has no run"));

        var folders = (await host.QueryAsync("SELECT Folder FROM PretrainedCheckpoints", r => Path.GetFileName(r.GetString(0).TrimEnd('/')))).ToHashSet();
        var pretrained = Path.Combine(host.DataDirectory, "pretrained");
        if (Directory.Exists(pretrained))
            problems.AddRange(Directory.EnumerateFileSystemEntries(pretrained).Select(Path.GetFileName).Where(n => !folders.Contains(n!))
                .Select(n => $"pretrained/{n} has no checkpoint row"));

        // Staged uploads belong to work not finished yet; once everything is over the folder is empty.
        var staging = Path.Combine(host.DataDirectory, "staging");
        if (Directory.Exists(staging))
            problems.AddRange(Directory.EnumerateFileSystemEntries(staging).Select(e => $"staging/{Path.GetFileName(e)} is left over"));

        problems.AddRange(Directory.EnumerateFileSystemEntries(host.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(e => Temporary().IsMatch(Path.GetFileName(e)))
            .Select(e => $"{Path.GetRelativePath(host.DataDirectory, e)} is a temporary file or folder left over"));
        return problems;
    }

    /// <summary>Names written under a temporary name and renamed when complete: *.partial downloads, *.tmp / tmp-* checkpoints.</summary>
    [GeneratedRegex(@"(\.partial|\.tmp|\.temp|\.incomplete)(\.|-|$)|^(tmp|temp)[-_.]|~$", RegexOptions.IgnoreCase)]
    private static partial Regex Temporary();
}
