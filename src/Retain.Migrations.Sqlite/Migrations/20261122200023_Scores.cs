using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retain.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Scores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ScoreRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ModelVersion = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DataCutoff = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Customers = table.Column<int>(type: "INTEGER", nullable: false),
                    DataStamp = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChurnSource = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VipThreshold = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoreRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomerScores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProbabilityAlive = table.Column<double>(type: "REAL", nullable: false),
                    ProbabilityAliveLower = table.Column<double>(type: "REAL", nullable: false),
                    ProbabilityAliveUpper = table.Column<double>(type: "REAL", nullable: false),
                    ExpectedPurchases90 = table.Column<double>(type: "REAL", nullable: false),
                    ExpectedPurchases90Lower = table.Column<double>(type: "REAL", nullable: false),
                    ExpectedPurchases90Upper = table.Column<double>(type: "REAL", nullable: false),
                    ProbabilityNoPurchase90 = table.Column<double>(type: "REAL", nullable: false),
                    ProbabilityNoPurchase90Lower = table.Column<double>(type: "REAL", nullable: false),
                    ProbabilityNoPurchase90Upper = table.Column<double>(type: "REAL", nullable: false),
                    ChurnProbability = table.Column<double>(type: "REAL", nullable: false),
                    ChurnReasonsJson = table.Column<string>(type: "TEXT", nullable: true),
                    Clv12Months = table.Column<double>(type: "REAL", nullable: true),
                    Clv12MonthsLower = table.Column<double>(type: "REAL", nullable: true),
                    Clv12MonthsUpper = table.Column<double>(type: "REAL", nullable: true),
                    ExpectedNextOrderAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpectedNextOrderAtLower = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpectedNextOrderAtUpper = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerScores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerScores_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CustomerScores_ScoreRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ScoreRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerScores_CustomerId",
                table: "CustomerScores",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerScores_RunId_ChurnProbability",
                table: "CustomerScores",
                columns: new[] { "RunId", "ChurnProbability" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerScores_RunId_Clv12Months",
                table: "CustomerScores",
                columns: new[] { "RunId", "Clv12Months" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerScores_RunId_CustomerId",
                table: "CustomerScores",
                columns: new[] { "RunId", "CustomerId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerScores");

            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropTable(
                name: "ScoreRuns");
        }
    }
}
