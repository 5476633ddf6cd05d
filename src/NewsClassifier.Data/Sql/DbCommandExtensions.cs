using System.Data.Common;

namespace NewsClassifier.Data.Sql;

/// <summary>Parameters and scalars on provider-neutral ADO.NET commands (SQLite answers EXISTS with 1/0, PostgreSQL with a boolean).</summary>
public static class DbCommandExtensions
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static DbCommand With(this DbCommand command, IEnumerable<(string Name, object Value)> parameters)
    {
        foreach (var (name, value) in parameters) command.Add(name, value);
        return command;
    }

    public static bool IsTrue(object? scalar) => scalar is not null and not DBNull && Convert.ToBoolean(scalar);
}
