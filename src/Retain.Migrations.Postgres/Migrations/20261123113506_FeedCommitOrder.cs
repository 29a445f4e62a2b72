using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retain.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FeedCommitOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AfterTime",
                table: "LoyaltySyncStates");

            migrationBuilder.AddColumn<long>(
                name: "AfterTransaction",
                table: "LoyaltySyncStates",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // The order and refund feeds read in commit order (Retain.Core.Loyalty.FeedCursor): each row remembers the
            // transaction that wrote it, whoever wrote it (EF, hand-written SQL, COPY), through the column's default.
            // Existing rows all get this migration's transaction, and the feeds' cursors move to it, keeping their ids.
            migrationBuilder.Sql("""
                ALTER TABLE "Orders" ADD COLUMN "TxId" xid8 NOT NULL DEFAULT pg_current_xact_id();
                CREATE INDEX "IX_Orders_TxId_Id" ON "Orders" ("TxId", "Id");
                ALTER TABLE "Refunds" ADD COLUMN "TxId" xid8 NOT NULL DEFAULT pg_current_xact_id();
                CREATE INDEX "IX_Refunds_TxId_Id" ON "Refunds" ("TxId", "Id");
                UPDATE "LoyaltySyncStates" SET "AfterTransaction" = pg_current_xact_id()::text::bigint WHERE "Name" IN ('orders', 'refunds');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "Orders" DROP COLUMN "TxId";
                ALTER TABLE "Refunds" DROP COLUMN "TxId";
                """);

            migrationBuilder.DropColumn(
                name: "AfterTransaction",
                table: "LoyaltySyncStates");

            migrationBuilder.AddColumn<DateTime>(
                name: "AfterTime",
                table: "LoyaltySyncStates",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));
        }
    }
}
