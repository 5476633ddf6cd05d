namespace NewsClassifier.Data.Storage;

/// <summary>The database this process talks to: the provider and its connection string (the SQLite file under the data
/// directory, or ConnectionStrings:NewsClassifier for PostgreSQL). Raw-SQL paths open their own connections from it.</summary>
public sealed record DatabaseTarget(StorageProvider Provider, string ConnectionString)
{
    public bool IsSqlite => Provider == StorageProvider.Sqlite;

    public bool IsPostgres => Provider == StorageProvider.Postgres;
}
