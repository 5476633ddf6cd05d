using System.Text;

namespace NewsClassifier.Data.Search;

/// <summary>
/// The full-text index over article titles and texts: a contentless SQLite FTS5 table (it stores only the index,
/// not a second copy of the text) whose rowid is the article's Id, created by the AddArticleSearch migration,
/// filled by the importer and cleaned by dataset deletion (contentless_delete=1 allows DELETE by rowid).
/// </summary>
public static class ArticleSearchIndex
{
    public const string Table = "ArticleSearch";

    /// <summary>Turns what a user typed into an FTS5 query: every word must occur (quoted, so FTS operators and
    /// punctuation in the input are plain text). Null when there is no word to look for.</summary>
    public static string? ToMatchExpression(string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return null;
        var query = new StringBuilder();
        foreach (var word in search.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // unicode61 drops punctuation anyway; a term made only of it would match nothing useful.
            if (!word.Any(char.IsLetterOrDigit)) continue;
            if (query.Length > 0) query.Append(' ');
            query.Append('"').Append(word.Replace("\"", "\"\"")).Append('"');
        }
        return query.Length == 0 ? null : query.ToString();
    }
}
