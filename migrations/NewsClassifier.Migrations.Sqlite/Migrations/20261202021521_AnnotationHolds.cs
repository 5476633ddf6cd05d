using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AnnotationHolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnnotationHolds",
                columns: table => new
                {
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GivenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationHolds", x => new { x.ArticleId, x.UserName });
                    table.ForeignKey(
                        name: "FK_AnnotationHolds_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationHolds_GivenAt",
                table: "AnnotationHolds",
                column: "GivenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnotationHolds");
        }
    }
}
