namespace NewsClassifier.Faults.Tests.Hosting;

/// <summary>Row counts of the tables a fault must neither lose nor duplicate rows of. A case reads them before the fault
/// and compares after, with the changes the interrupted work itself should make once it is done.</summary>
public sealed record RowCounts(IReadOnlyDictionary<string, long> Tables)
{
    public static readonly string[] Compared =
    [
        "Datasets", "Articles", "LabelClasses", "Annotations", "DatasetImports", "TrainingRuns", "DatasetSnapshots", "RegisteredModels",
        "ModelVersions", "ModelAliases", "AliasChanges", "PretrainedCheckpoints", "AspNetUsers",
    ];

    public static async Task<RowCounts> ReadAsync(FaultHost host)
    {
        var tables = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Compared) tables[table] = await host.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
        return new RowCounts(tables);
    }

    /// <summary>The same counts with <paramref name="changes"/> added (table, rows).</summary>
    public RowCounts Plus(params (string Table, long Rows)[] changes)
    {
        var tables = new SortedDictionary<string, long>(Tables.ToDictionary(), StringComparer.Ordinal);
        foreach (var (table, rows) in changes) tables[table] += rows;
        return new RowCounts(tables);
    }

    /// <summary>Asserts <paramref name="actual"/> has exactly these counts.</summary>
    public void AssertEqual(RowCounts actual)
    {
        var differences = Tables.Where(t => actual.Tables[t.Key] != t.Value).Select(t => $"{t.Key}: expected {t.Value}, found {actual.Tables[t.Key]}").ToList();
        Assert.True(differences.Count == 0, "Rows lost or duplicated:\n" + string.Join('\n', differences));
    }
}
