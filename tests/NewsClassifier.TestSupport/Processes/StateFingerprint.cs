using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.TestSupport.Processes;

/// <summary>
/// Row counts and a hash of every row of the tables a hostile request must not change (datasets, articles, labels,
/// annotations, reviews, imports, runs with their metrics and logs, snapshots, registered models, versions, aliases,
/// pretrained checkpoints, schedules, user names and roles), read from the server's SQLite file opened read-only.
/// Sign-in bookkeeping (security stamps, failed-attempt counts) and Hangfire's tables are left out on purpose: they
/// change on every sign-in and job poll.
/// </summary>
public sealed record StateFingerprint(IReadOnlyDictionary<string, (long Rows, string Hash)> Tables)
{
    /// <summary>The tables whose every column is compared; any new application table is picked up as long as it is not
    /// an Identity, Hangfire, EF or full-text shadow table.</summary>
    private static bool Compared(string table) =>
        !table.StartsWith("AspNet", StringComparison.Ordinal) && !table.StartsWith("__EF", StringComparison.Ordinal)
        && !table.Contains("hangfire", StringComparison.OrdinalIgnoreCase) && !table.StartsWith("sqlite_", StringComparison.Ordinal)
        && !table.Contains("Search", StringComparison.OrdinalIgnoreCase) && !table.Contains("fts", StringComparison.OrdinalIgnoreCase);

    /// <summary>Users are compared by name and role only.</summary>
    private const string UsersQuery =
        "SELECT u.UserName, r.Name FROM AspNetUsers u LEFT JOIN AspNetUserRoles ur ON ur.UserId = u.Id LEFT JOIN AspNetRoles r ON r.Id = ur.RoleId ORDER BY u.UserName, r.Name";

    public static async Task<StateFingerprint> ReadAsync(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var result = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in tables.Where(Compared)) result[table] = await HashAsync(connection, $"SELECT * FROM \"{table}\" ORDER BY rowid");
        result["users"] = await HashAsync(connection, UsersQuery);
        return new StateFingerprint(result);
    }

    /// <summary>The tables that differ, with their counts before and after; empty when nothing changed.</summary>
    public IReadOnlyList<string> Differences(StateFingerprint after) =>
        Tables.Keys.Union(after.Tables.Keys).Order(StringComparer.Ordinal)
            .Where(t => !Tables.TryGetValue(t, out var a) || !after.Tables.TryGetValue(t, out var b) || a != b)
            .Select(t => $"{t}: {Describe(Tables, t)} -> {Describe(after.Tables, t)}")
            .ToList();

    private static string Describe(IReadOnlyDictionary<string, (long Rows, string Hash)> tables, string table) =>
        tables.TryGetValue(table, out var v) ? $"{v.Rows} rows ({v.Hash[..8]})" : "absent";

    private static async Task<(long, string)> HashAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.IsDBNull(i) ? "\0null" : reader.GetValue(i) is byte[] blob ? Convert.ToBase64String(blob) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                hash.AppendData(Encoding.UTF8.GetBytes(value + "\u001f"));
            }
            hash.AppendData("\u001e"u8);
        }
        return (rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
