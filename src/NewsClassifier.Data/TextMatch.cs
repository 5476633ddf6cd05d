using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace NewsClassifier.Data;

/// <summary>
/// Case-insensitive pattern matching that reads the same on both providers. SQLite's LIKE ignores case (for ASCII, the
/// app's searches over recipes, dataset names, tags and notes rely on it); PostgreSQL's LIKE does not, so there the same
/// call becomes texticlike (the function behind ILIKE). Both take backslash as the escape character.
/// </summary>
public static class TextMatch
{
    private static readonly MethodInfo LikeMethod = typeof(TextMatch).GetMethod(nameof(Like))!;

    /// <summary>In a LINQ query only: <paramref name="value"/> matches the LIKE <paramref name="pattern"/> ('%', '_',
    /// escaped with '\'), ignoring case.</summary>
    public static bool Like(string? value, string pattern) =>
        throw new NotSupportedException($"{nameof(TextMatch)}.{nameof(Like)} is translated to SQL; it cannot run in memory.");

    internal static void Map(ModelBuilder modelBuilder, DatabaseFacade database)
    {
        var postgres = database.IsNpgsql();
        modelBuilder.HasDbFunction(LikeMethod).HasTranslation(arguments => postgres
            ? new SqlFunctionExpression("texticlike", [arguments[0], arguments[1]], nullable: true, argumentsPropagateNullability: [true, true],
                typeof(bool), null)
            // like(pattern, value, escape) is SQLite's function form of "value LIKE pattern ESCAPE escape".
            : new SqlFunctionExpression("like", [arguments[1], arguments[0], new SqlConstantExpression("\\", arguments[1].TypeMapping)],
                nullable: true, argumentsPropagateNullability: [true, true, false], typeof(bool), null));
    }
}
