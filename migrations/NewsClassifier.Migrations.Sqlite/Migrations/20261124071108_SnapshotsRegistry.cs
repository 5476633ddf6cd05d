using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SnapshotsRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsArchived",
                table: "TrainingRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "TrainingRuns",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SnapshotId",
                table: "TrainingRuns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StartedBy",
                table: "TrainingRuns",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "TrainingRuns",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "DatasetSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    DatasetName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ArticleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidationCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidationFraction = table.Column<double>(type: "REAL", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    LabelNamesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegisteredModels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredModels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RunPredictions",
                columns: table => new
                {
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Actual = table.Column<int>(type: "INTEGER", nullable: false),
                    Predicted = table.Column<int>(type: "INTEGER", nullable: false),
                    Confidence = table.Column<float>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunPredictions", x => new { x.RunId, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_RunPredictions_TrainingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotArticles",
                columns: table => new
                {
                    SnapshotId = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    LabelOrdinal = table.Column<int>(type: "INTEGER", nullable: false),
                    IsValidation = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotArticles", x => new { x.SnapshotId, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_SnapshotArticles_DatasetSnapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "DatasetSnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AliasChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Alias = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    FromVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    ToVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    MetricsJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AliasChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AliasChanges_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ModelVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ValidationAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    ValidationMacroF1 = table.Column<double>(type: "REAL", nullable: true),
                    ArtifactPath = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModelVersions_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ModelVersions_TrainingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ModelAliases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Alias = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelAliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModelAliases_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ModelAliases_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_SnapshotId",
                table: "TrainingRuns",
                column: "SnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_AliasChanges_RegisteredModelId_ChangedAt",
                table: "AliasChanges",
                columns: new[] { "RegisteredModelId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DatasetSnapshots_ContentHash",
                table: "DatasetSnapshots",
                column: "ContentHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DatasetSnapshots_DatasetId",
                table: "DatasetSnapshots",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_ModelAliases_ModelVersionId",
                table: "ModelAliases",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ModelAliases_RegisteredModelId_Alias",
                table: "ModelAliases",
                columns: new[] { "RegisteredModelId", "Alias" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_RegisteredModelId_Version",
                table: "ModelVersions",
                columns: new[] { "RegisteredModelId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_RunId",
                table: "ModelVersions",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredModels_Name",
                table: "RegisteredModels",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AliasChanges");

            migrationBuilder.DropTable(
                name: "ModelAliases");

            migrationBuilder.DropTable(
                name: "RunPredictions");

            migrationBuilder.DropTable(
                name: "SnapshotArticles");

            migrationBuilder.DropTable(
                name: "ModelVersions");

            migrationBuilder.DropTable(
                name: "DatasetSnapshots");

            migrationBuilder.DropTable(
                name: "RegisteredModels");

            migrationBuilder.DropIndex(
                name: "IX_TrainingRuns_SnapshotId",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "IsArchived",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "Notes",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "SnapshotId",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "StartedBy",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "TrainingRuns");
        }
    }
}
