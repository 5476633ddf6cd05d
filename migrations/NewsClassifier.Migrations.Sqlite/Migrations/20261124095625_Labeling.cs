using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Labeling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Annotations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LabelId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SetGold = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Annotations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Annotations_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Annotations_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Annotations_LabelClasses_LabelId",
                        column: x => x.LabelId,
                        principalTable: "LabelClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ArticleScores",
                columns: table => new
                {
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    PredictedOrdinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Confidence = table.Column<double>(type: "REAL", nullable: false),
                    LeastConfidence = table.Column<double>(type: "REAL", nullable: false),
                    Margin = table.Column<double>(type: "REAL", nullable: false),
                    Entropy = table.Column<double>(type: "REAL", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleScores", x => new { x.ArticleId, x.ModelVersionId });
                    table.ForeignKey(
                        name: "FK_ArticleScores_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArticleScores_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LabelingSettings",
                columns: table => new
                {
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Overlap = table.Column<int>(type: "INTEGER", nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ErrorThreshold = table.Column<double>(type: "REAL", nullable: false),
                    ScoringState = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ScoredModelVersionId = table.Column<int>(type: "INTEGER", nullable: true),
                    ScoredModelName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ScoringDone = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoringTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoringMessage = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ScoringFinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelingSettings", x => x.DatasetId);
                    table.ForeignKey(
                        name: "FK_LabelingSettings_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProposedLabelId = table.Column<int>(type: "INTEGER", nullable: true),
                    Confidence = table.Column<double>(type: "REAL", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GoldLabelId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewItems_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReviewItems_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReviewItems_LabelClasses_GoldLabelId",
                        column: x => x.GoldLabelId,
                        principalTable: "LabelClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewItems_LabelClasses_ProposedLabelId",
                        column: x => x.ProposedLabelId,
                        principalTable: "LabelClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_ArticleId_UserName",
                table: "Annotations",
                columns: new[] { "ArticleId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_DatasetId_UserName_Id",
                table: "Annotations",
                columns: new[] { "DatasetId", "UserName", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_LabelId",
                table: "Annotations",
                column: "LabelId");

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

            migrationBuilder.CreateIndex(
                name: "IX_ArticleScores_ModelVersionId",
                table: "ArticleScores",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_ArticleId_Reason",
                table: "ReviewItems",
                columns: new[] { "ArticleId", "Reason" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_DatasetId_Status_Id",
                table: "ReviewItems",
                columns: new[] { "DatasetId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_GoldLabelId",
                table: "ReviewItems",
                column: "GoldLabelId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_ProposedLabelId",
                table: "ReviewItems",
                column: "ProposedLabelId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Annotations");

            migrationBuilder.DropTable(
                name: "ArticleScores");

            migrationBuilder.DropTable(
                name: "LabelingSettings");

            migrationBuilder.DropTable(
                name: "ReviewItems");
        }
    }
}
