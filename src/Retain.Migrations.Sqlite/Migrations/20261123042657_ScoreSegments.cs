using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retain.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScoreSegments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AtRiskCustomers",
                table: "ScoreRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "VipCustomers",
                table: "ScoreRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte>(
                name: "FrequencyScore",
                table: "CustomerScores",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte>(
                name: "MonetaryScore",
                table: "CustomerScores",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte>(
                name: "RecencyScore",
                table: "CustomerScores",
                type: "INTEGER",
                nullable: true);

            // The lists' sizes are stored on the run now; count them for the runs already stored (the same rules as
            // ScoreWriter: churn probability >= 0.5; CLV at or above the run's VIP threshold).
            migrationBuilder.Sql("""
                UPDATE "ScoreRuns" SET
                    "AtRiskCustomers" = (SELECT COUNT(*) FROM "CustomerScores" s WHERE s."RunId" = "ScoreRuns"."Id" AND s."ChurnProbability" >= 0.5),
                    "VipCustomers" = (SELECT COUNT(*) FROM "CustomerScores" s WHERE s."RunId" = "ScoreRuns"."Id"
                        AND s."Clv12Months" IS NOT NULL AND s."Clv12Months" >= "ScoreRuns"."VipThreshold");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AtRiskCustomers",
                table: "ScoreRuns");

            migrationBuilder.DropColumn(
                name: "VipCustomers",
                table: "ScoreRuns");

            migrationBuilder.DropColumn(
                name: "FrequencyScore",
                table: "CustomerScores");

            migrationBuilder.DropColumn(
                name: "MonetaryScore",
                table: "CustomerScores");

            migrationBuilder.DropColumn(
                name: "RecencyScore",
                table: "CustomerScores");
        }
    }
}
