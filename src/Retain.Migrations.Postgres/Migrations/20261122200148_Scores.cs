using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Retain.Migrations.Postgres.Migrations
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
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ScoreRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ModelVersion = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DataCutoff = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Customers = table.Column<int>(type: "integer", nullable: false),
                    DataStamp = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChurnSource = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    VipThreshold = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoreRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomerScores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    ProbabilityAlive = table.Column<double>(type: "double precision", nullable: false),
                    ProbabilityAliveLower = table.Column<double>(type: "double precision", nullable: false),
                    ProbabilityAliveUpper = table.Column<double>(type: "double precision", nullable: false),
                    ExpectedPurchases90 = table.Column<double>(type: "double precision", nullable: false),
                    ExpectedPurchases90Lower = table.Column<double>(type: "double precision", nullable: false),
                    ExpectedPurchases90Upper = table.Column<double>(type: "double precision", nullable: false),
                    ProbabilityNoPurchase90 = table.Column<double>(type: "double precision", nullable: false),
                    ProbabilityNoPurchase90Lower = table.Column<double>(type: "double precision", nullable: false),
                    ProbabilityNoPurchase90Upper = table.Column<double>(type: "double precision", nullable: false),
                    ChurnProbability = table.Column<double>(type: "double precision", nullable: false),
                    ChurnReasonsJson = table.Column<string>(type: "text", nullable: true),
                    Clv12Months = table.Column<double>(type: "double precision", nullable: true),
                    Clv12MonthsLower = table.Column<double>(type: "double precision", nullable: true),
                    Clv12MonthsUpper = table.Column<double>(type: "double precision", nullable: true),
                    ExpectedNextOrderAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExpectedNextOrderAtLower = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExpectedNextOrderAtUpper = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
