using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsClassifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PretrainedCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PretrainedCheckpoints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SourceKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Revision = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HubUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    StagedPath = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Folder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    JobId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BytesDone = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesTotal = table.Column<long>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    NumLayers = table.Column<int>(type: "INTEGER", nullable: true),
                    HiddenSize = table.Column<int>(type: "INTEGER", nullable: true),
                    NumHeads = table.Column<int>(type: "INTEGER", nullable: true),
                    IntermediateSize = table.Column<int>(type: "INTEGER", nullable: true),
                    VocabSize = table.Column<int>(type: "INTEGER", nullable: true),
                    VocabFileTokens = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxPositions = table.Column<int>(type: "INTEGER", nullable: true),
                    ParameterCount = table.Column<long>(type: "INTEGER", nullable: true),
                    WeightsFormat = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    TotalBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    LowerCase = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PretrainedCheckpoints", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PretrainedCheckpoints_Folder",
                table: "PretrainedCheckpoints",
                column: "Folder",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PretrainedCheckpoints_Name",
                table: "PretrainedCheckpoints",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PretrainedCheckpoints");
        }
    }
}
