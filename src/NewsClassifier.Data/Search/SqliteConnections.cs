using Microsoft.Data.Sqlite;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Data.Search;

/// <summary>Opens raw connections to the application database, for the paths where EF's per-row overhead matters
/// (bulk import, paging over millions of rows, export, delete).</summary>
public sealed class SqliteConnections(DataPaths paths)
{
    public string ConnectionString => paths.ConnectionString;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(paths.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            SqliteBusyTimeout.Apply(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
