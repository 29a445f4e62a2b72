using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retain.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LoyaltyReferralsChallenges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LoyaltyBadges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChallengeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Period = table.Column<long>(type: "INTEGER", nullable: false),
                    Badge = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleSetId = table.Column<long>(type: "INTEGER", nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    EarnedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyBadges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyBadges_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyBadges_LoyaltyRuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "LoyaltyRuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyBadges_LoyaltyTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyEvidence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyEvidence_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyReferralCodes",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyReferralCodes", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_LoyaltyReferralCodes_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyReferrals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReferrerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReferredId = table.Column<long>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RuleSetId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReferrerPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    ReferredPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OrderRef = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SettleTransactionId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyReferrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyReferrals_Customers_ReferredId",
                        column: x => x.ReferredId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyReferrals_Customers_ReferrerId",
                        column: x => x.ReferrerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyReferrals_LoyaltyRuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "LoyaltyRuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyReferrals_LoyaltyTransactions_SettleTransactionId",
                        column: x => x.SettleTransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyBadges_CustomerId_ChallengeId_Period",
                table: "LoyaltyBadges",
                columns: new[] { "CustomerId", "ChallengeId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyBadges_RuleSetId",
                table: "LoyaltyBadges",
                column: "RuleSetId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyBadges_TransactionId",
                table: "LoyaltyBadges",
                column: "TransactionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyEvidence_CustomerId_Kind_Hash",
                table: "LoyaltyEvidence",
                columns: new[] { "CustomerId", "Kind", "Hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReferralCodes_Code",
                table: "LoyaltyReferralCodes",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReferrals_ReferredId",
                table: "LoyaltyReferrals",
                column: "ReferredId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReferrals_ReferrerId_CreatedAt",
                table: "LoyaltyReferrals",
                columns: new[] { "ReferrerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReferrals_RuleSetId",
                table: "LoyaltyReferrals",
                column: "RuleSetId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReferrals_SettleTransactionId",
                table: "LoyaltyReferrals",
                column: "SettleTransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReferrals_Status",
                table: "LoyaltyReferrals",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LoyaltyBadges");

            migrationBuilder.DropTable(
                name: "LoyaltyEvidence");

            migrationBuilder.DropTable(
                name: "LoyaltyReferralCodes");

            migrationBuilder.DropTable(
                name: "LoyaltyReferrals");
        }
    }
}
