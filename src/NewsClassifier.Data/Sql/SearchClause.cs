namespace NewsClassifier.Data.Sql;

/// <summary>A full-text search as SQL: the FROM part (which names the articles <c>x</c>), the condition to AND into the
/// WHERE clause, the column holding the article Id in the order the index returns matches, and the parameters.</summary>
public sealed record SearchClause(string From, string Condition, string IdColumn, IReadOnlyList<(string Name, object Value)> Parameters);
