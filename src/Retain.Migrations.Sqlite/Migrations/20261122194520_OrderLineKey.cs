using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retain.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrderLineKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A refund line's link to its order line becomes (OrderId, OrderLineNo): carried over before the
            // surrogate id disappears (a plain rename would turn ids into wrong line numbers).
            migrationBuilder.AddColumn<long>(
                name: "OrderId",
                table: "RefundLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OrderLineNo",
                table: "RefundLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "RefundLines" SET
                    "OrderId" = (SELECT ol."OrderId" FROM "OrderLines" ol WHERE ol."Id" = "RefundLines"."OrderLineId"),
                    "OrderLineNo" = (SELECT ol."LineNo" FROM "OrderLines" ol WHERE ol."Id" = "RefundLines"."OrderLineId")
                WHERE "OrderLineId" IS NOT NULL;
                """);

            migrationBuilder.DropPrimaryKey(
                name: "PK_OrderLines",
                table: "OrderLines");

            // No DropIndex for "IX_OrderLines_OrderId_LineNo": it goes with the old table when SQLite rebuilds it, and
            // until then the rebuilt RefundLines' new foreign key needs it as the unique key it references.
            migrationBuilder.DropColumn(
                name: "Id",
                table: "OrderLines");

            migrationBuilder.AddPrimaryKey(
                name: "PK_OrderLines",
                table: "OrderLines",
                columns: new[] { "OrderId", "LineNo" });

            migrationBuilder.DropForeignKey(
                name: "FK_RefundLines_OrderLines_OrderLineId",
                table: "RefundLines");

            migrationBuilder.DropIndex(
                name: "IX_RefundLines_OrderLineId",
                table: "RefundLines");

            migrationBuilder.DropColumn(
                name: "OrderLineId",
                table: "RefundLines");

            migrationBuilder.CreateIndex(
                name: "IX_RefundLines_OrderId_OrderLineNo",
                table: "RefundLines",
                columns: new[] { "OrderId", "OrderLineNo" });

            migrationBuilder.AddForeignKey(
                name: "FK_RefundLines_OrderLines_OrderId_OrderLineNo",
                table: "RefundLines",
                columns: new[] { "OrderId", "OrderLineNo" },
                principalTable: "OrderLines",
                principalColumns: new[] { "OrderId", "LineNo" },
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RefundLines_OrderLines_OrderId_OrderLineNo",
                table: "RefundLines");

            migrationBuilder.DropIndex(
                name: "IX_RefundLines_OrderId_OrderLineNo",
                table: "RefundLines");

            migrationBuilder.DropPrimaryKey(
                name: "PK_OrderLines",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "OrderId",
                table: "RefundLines");

            // Going back loses the refund lines' links to order lines (the old surrogate ids no longer exist).
            migrationBuilder.DropColumn(
                name: "OrderLineNo",
                table: "RefundLines");

            migrationBuilder.AddColumn<long>(
                name: "OrderLineId",
                table: "RefundLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Id",
                table: "OrderLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Sqlite:Autoincrement", true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_OrderLines",
                table: "OrderLines",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_RefundLines_OrderLineId",
                table: "RefundLines",
                column: "OrderLineId");

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_OrderId_LineNo",
                table: "OrderLines",
                columns: new[] { "OrderId", "LineNo" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_RefundLines_OrderLines_OrderLineId",
                table: "RefundLines",
                column: "OrderLineId",
                principalTable: "OrderLines",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }
    }
}
