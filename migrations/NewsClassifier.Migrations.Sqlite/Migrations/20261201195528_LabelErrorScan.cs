using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LabelErrorScan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ErrorScanDone",
                table: "LabelingSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ErrorScanFinishedAt",
                table: "LabelingSettings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ErrorScanMessage",
                table: "LabelingSettings",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ErrorScanState",
                table: "LabelingSettings",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                // Existing rows read back as ScoringState.Never ("" would not convert to the enum).
                defaultValue: "Never");

            migrationBuilder.AddColumn<int>(
                name: "ErrorScanTotal",
                table: "LabelingSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ErrorScanDone",
                table: "LabelingSettings");

            migrationBuilder.DropColumn(
                name: "ErrorScanFinishedAt",
                table: "LabelingSettings");

            migrationBuilder.DropColumn(
                name: "ErrorScanMessage",
                table: "LabelingSettings");

            migrationBuilder.DropColumn(
                name: "ErrorScanState",
                table: "LabelingSettings");

            migrationBuilder.DropColumn(
                name: "ErrorScanTotal",
                table: "LabelingSettings");
        }
    }
}
