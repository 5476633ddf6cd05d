using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LabelingScoreIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId",
                table: "ArticleScores");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId_Confidence_ArticleId",
                table: "ArticleScores",
                columns: new[] { "DatasetId", "ModelVersionId", "Confidence", "ArticleId" });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId_Entropy_ArticleId",
                table: "ArticleScores",
                columns: new[] { "DatasetId", "ModelVersionId", "Entropy", "ArticleId" });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId_Margin_ArticleId",
                table: "ArticleScores",
                columns: new[] { "DatasetId", "ModelVersionId", "Margin", "ArticleId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId_Confidence_ArticleId",
                table: "ArticleScores");

            migrationBuilder.DropIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId_Entropy_ArticleId",
                table: "ArticleScores");

            migrationBuilder.DropIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId_Margin_ArticleId",
                table: "ArticleScores");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleScores_DatasetId_ModelVersionId",
                table: "ArticleScores",
                columns: new[] { "DatasetId", "ModelVersionId" });
        }
    }
}
