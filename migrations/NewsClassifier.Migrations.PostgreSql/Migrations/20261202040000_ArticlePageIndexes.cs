using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NewsClassifier.Data;

#nullable disable

namespace NewsClassifier.Migrations.PostgreSql.Migrations
{
    /// <summary>
    /// The browse grid's orders as PostgreSQL indexes. SQLite's indexes end with the rowid, so its (DatasetId, Title) index
    /// already orders by (DatasetId, Title, Id) and a deep page (OFFSET 100,000) is skipped inside the index; PostgreSQL's
    /// end with a heap position, so the same page sorted every title's ties by Id from the heap (measured on a million
    /// articles: 459 ms for page 5,000 by title, 783 ms by label). These carry the Id (and the label order's NULLS FIRST,
    /// which ArticleQueries asks for to keep SQLite's order), so each page is an index-only scan. PostgreSQL only, raw SQL:
    /// the EF model keeps its two-column indexes, which SQLite needs.
    /// </summary>
    [DbContext(typeof(NewsDbContext))]
    [Migration("20261202040000_ArticlePageIndexes")]
    public partial class ArticlePageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE INDEX "IX_Articles_DatasetId_Title_Id" ON "Articles" ("DatasetId", "Title", "Id");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Articles_DatasetId_LabelId_Id" ON "Articles" ("DatasetId", "LabelId" NULLS FIRST, "Id");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Articles_DatasetId_SourceRow_Id" ON "Articles" ("DatasetId", "SourceRow", "Id");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Articles_DatasetId_SourceRow_Id";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Articles_DatasetId_LabelId_Id";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Articles_DatasetId_Title_Id";""");
        }
    }
}
