namespace NewsClassifier.Data.Storage;

/// <summary>Which database holds the app's data (configuration "Storage:Provider", case-insensitive).</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file under the data directory: the embedded default for one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by ConnectionStrings:NewsClassifier, shared by several web nodes and workers.</summary>
    Postgres,
}
