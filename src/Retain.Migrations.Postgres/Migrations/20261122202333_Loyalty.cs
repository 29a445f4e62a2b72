using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Retain.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Loyalty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LoyaltyMembers",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Available = table.Column<long>(type: "bigint", nullable: false),
                    Pending = table.Column<long>(type: "bigint", nullable: false),
                    Debt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Tier = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TierUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyMembers", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_LoyaltyMembers_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyRuleSets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    EffectiveFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    RulesJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyRuleSets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyTransactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    RuleSetId = table.Column<long>(type: "bigint", nullable: true),
                    OrderRef = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReversesTransactionId = table.Column<long>(type: "bigint", nullable: true),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ResultJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyTransactions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyTransactions_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyTransactions_LoyaltyRuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "LoyaltyRuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyTransactions_LoyaltyTransactions_ReversesTransaction~",
                        column: x => x.ReversesTransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    Account = table.Column<int>(type: "integer", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    Points = table.Column<long>(type: "bigint", nullable: false),
                    RuleSetId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyEntries_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyEntries_LoyaltyRuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "LoyaltyRuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyEntries_LoyaltyTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyOrderAwards",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    OrderRef = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RuleSetId = table.Column<long>(type: "bigint", nullable: true),
                    Points = table.Column<long>(type: "bigint", nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PendingUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReleasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyOrderAwards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyOrderAwards_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyOrderAwards_LoyaltyRuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "LoyaltyRuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyOrderAwards_LoyaltyTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyAwardLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AwardId = table.Column<long>(type: "bigint", nullable: false),
                    LineRef = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Points = table.Column<long>(type: "bigint", nullable: false),
                    NetAmount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyAwardLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyAwardLines_LoyaltyOrderAwards_AwardId",
                        column: x => x.AwardId,
                        principalTable: "LoyaltyOrderAwards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyLots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    AwardId = table.Column<long>(type: "bigint", nullable: true),
                    Points = table.Column<long>(type: "bigint", nullable: false),
                    Remaining = table.Column<long>(type: "bigint", nullable: false),
                    EarnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyLots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyLots_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyLots_LoyaltyOrderAwards_AwardId",
                        column: x => x.AwardId,
                        principalTable: "LoyaltyOrderAwards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyLots_LoyaltyTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyReversalLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    AwardLineId = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Points = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyReversalLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyReversalLines_LoyaltyAwardLines_AwardLineId",
                        column: x => x.AwardLineId,
                        principalTable: "LoyaltyAwardLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyReversalLines_LoyaltyTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LoyaltyAllocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    LotId = table.Column<long>(type: "bigint", nullable: false),
                    Points = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoyaltyAllocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoyaltyAllocations_LoyaltyLots_LotId",
                        column: x => x.LotId,
                        principalTable: "LoyaltyLots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LoyaltyAllocations_LoyaltyTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "LoyaltyTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyAllocations_LotId",
                table: "LoyaltyAllocations",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyAllocations_TransactionId",
                table: "LoyaltyAllocations",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyAwardLines_AwardId_LineRef",
                table: "LoyaltyAwardLines",
                columns: new[] { "AwardId", "LineRef" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyEntries_CustomerId_Account",
                table: "LoyaltyEntries",
                columns: new[] { "CustomerId", "Account" });

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyEntries_RuleSetId",
                table: "LoyaltyEntries",
                column: "RuleSetId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyEntries_TransactionId",
                table: "LoyaltyEntries",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyLots_AwardId",
                table: "LoyaltyLots",
                column: "AwardId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyLots_CustomerId_EarnedAt",
                table: "LoyaltyLots",
                columns: new[] { "CustomerId", "EarnedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyLots_ExpiresAt",
                table: "LoyaltyLots",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyLots_TransactionId",
                table: "LoyaltyLots",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyOrderAwards_CustomerId",
                table: "LoyaltyOrderAwards",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyOrderAwards_OrderRef",
                table: "LoyaltyOrderAwards",
                column: "OrderRef",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyOrderAwards_ReleasedAt_PendingUntil",
                table: "LoyaltyOrderAwards",
                columns: new[] { "ReleasedAt", "PendingUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyOrderAwards_RuleSetId",
                table: "LoyaltyOrderAwards",
                column: "RuleSetId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyOrderAwards_TransactionId",
                table: "LoyaltyOrderAwards",
                column: "TransactionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReversalLines_AwardLineId",
                table: "LoyaltyReversalLines",
                column: "AwardLineId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyReversalLines_TransactionId",
                table: "LoyaltyReversalLines",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyRuleSets_EffectiveFrom",
                table: "LoyaltyRuleSets",
                column: "EffectiveFrom");

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyRuleSets_Version",
                table: "LoyaltyRuleSets",
                column: "Version",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyTransactions_CustomerId_Id",
                table: "LoyaltyTransactions",
                columns: new[] { "CustomerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyTransactions_Key",
                table: "LoyaltyTransactions",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyTransactions_ReversesTransactionId",
                table: "LoyaltyTransactions",
                column: "ReversesTransactionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoyaltyTransactions_RuleSetId",
                table: "LoyaltyTransactions",
                column: "RuleSetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LoyaltyAllocations");

            migrationBuilder.DropTable(
                name: "LoyaltyEntries");

            migrationBuilder.DropTable(
                name: "LoyaltyMembers");

            migrationBuilder.DropTable(
                name: "LoyaltyReversalLines");

            migrationBuilder.DropTable(
                name: "LoyaltyLots");

            migrationBuilder.DropTable(
                name: "LoyaltyAwardLines");

            migrationBuilder.DropTable(
                name: "LoyaltyOrderAwards");

            migrationBuilder.DropTable(
                name: "LoyaltyTransactions");

            migrationBuilder.DropTable(
                name: "LoyaltyRuleSets");
        }
    }
}
