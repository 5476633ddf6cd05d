using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NewsClassifier.Data;

#nullable disable

namespace NewsClassifier.Migrations.PostgreSql.Migrations
{
    /// <summary>
    /// Full-text search over article titles and texts, PostgreSQL's counterpart of SQLite's FTS5 table: a stored generated
    /// tsvector column (so no trigger and no second write: the importer's COPY fills it) with a GIN index. The text goes
    /// through article_search_text first, so that the 'simple' configuration sees what FTS5's unicode61 tokenizer with
    /// remove_diacritics 2 would index: lower case (ICU's, for every script), diacritics removed (NFD, then the combining
    /// marks dropped), and every run of characters that are not letters or digits one space (so "e-mail" is "e" "mail",
    /// as in FTS5, not PostgreSQL's hyphenated-word token). The function is IMMUTABLE because it depends on nothing but
    /// its argument (a fixed ICU collation, Unicode normalization); the column's expression requires that. Not part of the
    /// EF model: EF never reads or writes the column. The search side is Data/Sql/PostgresDialect.Search.
    /// </summary>
    [DbContext(typeof(NewsDbContext))]
    [Migration("20261202030000_ArticleSearch")]
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION article_search_text(value text) RETURNS text
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                RETURN regexp_replace(
                    regexp_replace(normalize(lower(value COLLATE "und-x-icu"), NFD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+', '', 'g'),
                    '[^[:alnum:]]+', ' ', 'g');
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "Articles" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS
                    (to_tsvector('simple'::regconfig, article_search_text("Title") || ' ' || article_search_text("Text"))) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_Articles_SearchVector" ON "Articles" USING GIN ("SearchVector");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Articles_SearchVector";""");
            migrationBuilder.Sql("""ALTER TABLE "Articles" DROP COLUMN "SearchVector";""");
            migrationBuilder.Sql("DROP FUNCTION article_search_text(text);");
        }
    }
}
