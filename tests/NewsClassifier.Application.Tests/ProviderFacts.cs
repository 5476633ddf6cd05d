namespace NewsClassifier.Application.Tests;

/// <summary>A test about SQLite itself (its files, pragmas, FTS5 table): skipped, with this reason, where the suite runs on
/// PostgreSQL, which has its own counterpart test.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestProvider.IsPostgres) Skip = "About SQLite's own storage; the PostgreSQL run has a counterpart test.";
    }
}

/// <summary>A test about PostgreSQL's own storage (its schema objects); skipped on the SQLite run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestProvider.IsPostgres) Skip = "About PostgreSQL's own storage; the SQLite run has a counterpart test.";
    }
}
