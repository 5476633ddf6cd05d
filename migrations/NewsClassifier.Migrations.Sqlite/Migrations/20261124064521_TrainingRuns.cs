using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrainingRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TrainingRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    DatasetName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Recipe = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    JobId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Epoch = table.Column<int>(type: "INTEGER", nullable: false),
                    Epochs = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalSteps = table.Column<int>(type: "INTEGER", nullable: false),
                    LastLoss = table.Column<double>(type: "REAL", nullable: true),
                    Device = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    LibraryVersions = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TrainArticles = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidationArticles = table.Column<int>(type: "INTEGER", nullable: false),
                    BestEpoch = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidationAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    ValidationMacroF1 = table.Column<double>(type: "REAL", nullable: true),
                    ValidationLoss = table.Column<double>(type: "REAL", nullable: true),
                    ArticlesPerSecond = table.Column<double>(type: "REAL", nullable: true),
                    EvaluationJson = table.Column<string>(type: "TEXT", nullable: true),
                    SummaryJson = table.Column<string>(type: "TEXT", nullable: true),
                    TotalParameters = table.Column<long>(type: "INTEGER", nullable: true),
                    ArtifactPath = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StopReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RunLogEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunLogEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunLogEntries_TrainingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunMetrics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunMetrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunMetrics_TrainingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RunLogEntries_RunId_Id",
                table: "RunLogEntries",
                columns: new[] { "RunId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RunMetrics_RunId_Name_Step",
                table: "RunMetrics",
                columns: new[] { "RunId", "Name", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_CreatedAt",
                table: "TrainingRuns",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_DatasetId",
                table: "TrainingRuns",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_State",
                table: "TrainingRuns",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunLogEntries");

            migrationBuilder.DropTable(
                name: "RunMetrics");

            migrationBuilder.DropTable(
                name: "TrainingRuns");
        }
    }
}
