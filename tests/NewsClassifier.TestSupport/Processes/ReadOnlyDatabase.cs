using Microsoft.Data.Sqlite;

namespace NewsClassifier.TestSupport.Processes;

/// <summary>Reads a child process's SQLite file opened read-only (no pooling, so the file is not held after the query):
/// tests check what the real app wrote without going through it.</summary>
public static class ReadOnlyDatabase
{
    public static async Task<List<T>> QueryAsync<T>(string databasePath, string sql, Func<SqliteDataReader, T> read)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
