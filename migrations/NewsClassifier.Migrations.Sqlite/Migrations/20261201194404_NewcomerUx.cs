using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NewcomerUx : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "TrainingRuns",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Evidence",
                table: "ReviewItems",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalText",
                table: "Articles",
                type: "TEXT",
                maxLength: 100000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalTitle",
                table: "Articles",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SuggestedLabelId",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SuggestedLabelId",
                table: "Articles",
                column: "SuggestedLabelId");

            migrationBuilder.AddForeignKey(
                name: "FK_Articles_LabelClasses_SuggestedLabelId",
                table: "Articles",
                column: "SuggestedLabelId",
                principalTable: "LabelClasses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Articles_LabelClasses_SuggestedLabelId",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_SuggestedLabelId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "Evidence",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "OriginalText",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "OriginalTitle",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "SuggestedLabelId",
                table: "Articles");
        }
    }
}
