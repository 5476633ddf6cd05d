using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Full-text search over article titles and texts: a contentless FTS5 table (the index only, no second copy of
    /// the text) keyed by Articles.Id as its rowid. contentless_delete=1 (SQLite 3.43+) lets dataset deletion remove
    /// rows by rowid. EF has no model for virtual tables, hence raw SQL; the importer fills it.
    /// </summary>
    public partial class AddArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE ArticleSearch USING fts5(Title, Text, content='', contentless_delete=1, " +
                "tokenize='unicode61 remove_diacritics 2');");
            // Index any articles that exist already.
            migrationBuilder.Sql("INSERT INTO ArticleSearch (rowid, Title, Text) SELECT Id, Title, Text FROM Articles;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
        }
    }
}
