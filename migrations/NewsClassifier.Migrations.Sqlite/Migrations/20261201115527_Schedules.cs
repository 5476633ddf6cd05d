using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Schedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Schedules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Recipe = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    ParametersFromRunId = table.Column<int>(type: "INTEGER", nullable: true),
                    ModelName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MinNewLabels = table.Column<int>(type: "INTEGER", nullable: true),
                    EvaluationFraction = table.Column<double>(type: "REAL", nullable: false),
                    EvaluationDatasetId = table.Column<int>(type: "INTEGER", nullable: true),
                    EvaluationHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastCronSlot = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Gate_Alpha = table.Column<double>(type: "REAL", nullable: false),
                    Gate_MaxClassDrop = table.Column<double>(type: "REAL", nullable: false),
                    Gate_Metric = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Gate_MinGain = table.Column<double>(type: "REAL", nullable: false),
                    Gate_NeedsApproval = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Schedules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Schedules_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationArticles",
                columns: table => new
                {
                    ScheduleId = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationArticles", x => new { x.ScheduleId, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_EvaluationArticles_Schedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "Schedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScheduleFirings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScheduleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SnapshotId = table.Column<int>(type: "INTEGER", nullable: true),
                    SnapshotHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: true),
                    Champion = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    Challenger = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    ChallengerVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    ChampionMetricsJson = table.Column<string>(type: "TEXT", nullable: true),
                    ChallengerMetricsJson = table.Column<string>(type: "TEXT", nullable: true),
                    PValue = table.Column<double>(type: "REAL", nullable: true),
                    EvaluationArticles = table.Column<int>(type: "INTEGER", nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ApprovalNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleFirings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScheduleFirings_Schedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "Schedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleFirings_OneRunning",
                table: "ScheduleFirings",
                column: "ScheduleId",
                unique: true,
                filter: "\"State\" = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleFirings_ScheduleId_Id",
                table: "ScheduleFirings",
                columns: new[] { "ScheduleId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Schedules_DatasetId",
                table: "Schedules",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_Schedules_Name",
                table: "Schedules",
                column: "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvaluationArticles");

            migrationBuilder.DropTable(
                name: "ScheduleFirings");

            migrationBuilder.DropTable(
                name: "Schedules");
        }
    }
}
