using System.Text;

namespace NewsClassifier.Data.Search;

/// <summary>
/// The full-text index over article titles and texts. On SQLite a contentless FTS5 table (it stores only the index,
/// not a second copy of the text) whose rowid is the article's Id, created by the AddArticleSearch migration,
/// filled by the importer and cleaned by dataset deletion (contentless_delete=1 allows DELETE by rowid). On PostgreSQL
/// a generated tsvector column on the articles with a GIN index (the PostgreSQL migration ArticleSearch), built by
/// <see cref="TextFunction"/> so that it tokenizes as FTS5's unicode61 tokenizer with remove_diacritics 2 does.
/// </summary>
public static class ArticleSearchIndex
{
    public const string Table = "ArticleSearch";

    /// <summary>The PostgreSQL column holding an article's lexemes (title, then text).</summary>
    public const string VectorColumn = "SearchVector";

    /// <summary>The PostgreSQL function (IMMUTABLE, made by the migration) turning text into what unicode61 would index:
    /// lower case, diacritics removed, every run of characters that are not letters or digits one space.</summary>
    public const string TextFunction = "article_search_text";

    /// <summary>The words of a search: split at white space, without those made only of punctuation (unicode61 drops
    /// punctuation anyway; a term made only of it would match nothing useful).</summary>
    public static IReadOnlyList<string> Words(string? search) =>
        string.IsNullOrWhiteSpace(search)
            ? []
            : search.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(word => word.Any(char.IsLetterOrDigit)).ToList();

    /// <summary>Turns what a user typed into an FTS5 query: every word must occur (quoted, so FTS operators and
    /// punctuation in the input are plain text). Null when there is no word to look for.</summary>
    public static string? ToMatchExpression(string? search)
    {
        var query = new StringBuilder();
        foreach (var word in Words(search))
        {
            if (query.Length > 0) query.Append(' ');
            query.Append('"').Append(word.Replace("\"", "\"\"")).Append('"');
        }
        return query.Length == 0 ? null : query.ToString();
    }
}
