using NewsClassifier.Data.Sql;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Data.Tests;

/// <summary>
/// The same searches over the same articles find the same articles on SQLite (FTS5, unicode61 with remove_diacritics 2)
/// and on PostgreSQL (the generated tsvector of the ArticleSearch migration): every word must occur, case and diacritics
/// do not matter, punctuation is plain text (a word with punctuation inside is its parts in a row), whole words only (no
/// prefixes), and a search without a word is no search at all.
/// </summary>
public sealed class ArticleSearchParityTests : IAsyncLifetime
{
    private static readonly (string Title, string Text)[] Articles =
    [
        ("Crème brûlée recipe", "A French dessert."),                 // row 1
        ("E-mail scams rise", "Phishing by email grows."),            // row 2
        ("Gerrard's goal", "Liverpool win 3.5 to 1"),                 // row 3
        ("NAÏVE investors", "Markets in Zürich fall"),                // row 4
        ("Oil prices", "Crude \"futures\" jumped"),                   // row 5
        ("Straße closed", "Berlin traffic"),                          // row 6
        ("Tokyo 日本語 news", "Nikkei up"),                             // row 7
        ("don't panic", "email e mail"),                              // row 8
        ("Ça va", "Œuvre complète; São Paulo's mayor"),               // row 9
    ];

    public static TheoryData<string, int[]> Searches => new()
    {
        { "creme", [1] },
        { "CRÈME Brulee", [1] },
        { "brûlée dessert", [1] },            // words in the title and the text
        { "e-mail", [2, 8] },                 // "e" then "mail": also "e mail" in row 8's text
        { "email", [2, 8] },
        { "mail", [2, 8] },
        { "gerrard's", [3] },
        { "gerrard", [3] },
        { "3.5", [3] },
        { "naive zurich", [4] },
        { "crude \"futures\"", [5] },
        { "futures oil", [5] },
        { "straße", [6] },
        { "strasse", [] },                    // ß is a letter of its own for both
        { "日本語", [7] },
        { "don't", [8] },
        { "dont", [] },
        { "pan", [] },                        // no prefix matching
        { "oil -- **", [5] },                 // operators are plain text; words of punctuation only are dropped
        { "SAO paulo", [9] },
        { "ca", [9] },
        { "complete", [9] },
        { "mayor nothing", [] },
    };

    private ProviderDatabase _sqlite = null!;
    private ProviderDatabase _postgres = null!;

    public async Task InitializeAsync()
    {
        _sqlite = await ProviderDatabase.CreateAsync(StorageProvider.Sqlite);
        _postgres = await ProviderDatabase.CreateAsync(StorageProvider.Postgres);
        await FillAsync(_sqlite);
        await FillAsync(_postgres);
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task Both_providers_find_the_same_articles(string search, int[] expectedRows)
    {
        var sqlite = await RowsAsync(_sqlite, search);
        var postgres = await RowsAsync(_postgres, search);
        Assert.Equal(expectedRows, sqlite);
        Assert.Equal(sqlite, postgres);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  -- ** ")]
    public void A_search_without_a_word_is_no_search_on_either(string? search)
    {
        Assert.Null(_sqlite.Dialect.Search(search));
        Assert.Null(_postgres.Dialect.Search(search));
    }

    private static async Task FillAsync(ProviderDatabase database)
    {
        await using var db = database.Contexts.CreateDbContext();
        var dataset = new Dataset { Name = "search", CreatedAt = DateTime.UtcNow };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < Articles.Length; i++)
        {
            var article = new Article { DatasetId = dataset.Id, SourceRow = i + 1, Title = Articles[i].Title, Text = Articles[i].Text };
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            await database.Dialect.IndexArticleAsync(db, article.Id, article.Title, article.Text, CancellationToken.None);
        }
        await transaction.CommitAsync();
    }

    private static async Task<int[]> RowsAsync(ProviderDatabase database, string search)
    {
        var clause = database.Dialect.Search(search) ?? throw new ArgumentException("no word", nameof(search));
        await using var connection = await database.Dialect.OpenAsync(CancellationToken.None);
        await using var command = connection.Command(
            $"SELECT x.\"SourceRow\" FROM {clause.From} WHERE {clause.Condition} ORDER BY x.\"SourceRow\"").With(clause.Parameters);
        var rows = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetInt32(0));
        return rows.ToArray();
    }
}
