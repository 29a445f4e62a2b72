using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Retain.Migrations.Postgres.Migrations
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OrderLineNo",
                table: "RefundLines",
                type: "integer",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "RefundLines" SET
                    "OrderId" = (SELECT ol."OrderId" FROM "OrderLines" ol WHERE ol."Id" = "RefundLines"."OrderLineId"),
                    "OrderLineNo" = (SELECT ol."LineNo" FROM "OrderLines" ol WHERE ol."Id" = "RefundLines"."OrderLineId")
                WHERE "OrderLineId" IS NOT NULL;
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_RefundLines_OrderLines_OrderLineId",
                table: "RefundLines");

            migrationBuilder.DropIndex(
                name: "IX_RefundLines_OrderLineId",
                table: "RefundLines");

            migrationBuilder.DropColumn(
                name: "OrderLineId",
                table: "RefundLines");

            migrationBuilder.DropPrimaryKey(
                name: "PK_OrderLines",
                table: "OrderLines");

            migrationBuilder.DropIndex(
                name: "IX_OrderLines_OrderId_LineNo",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "OrderLines");

            migrationBuilder.AddPrimaryKey(
                name: "PK_OrderLines",
                table: "OrderLines",
                columns: new[] { "OrderId", "LineNo" });

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
                name: "OrderLineNo",
                table: "RefundLines");

            // Going back loses the refund lines' links to order lines (the old surrogate ids no longer exist).
            migrationBuilder.DropColumn(
                name: "OrderId",
                table: "RefundLines");

            migrationBuilder.AddColumn<long>(
                name: "OrderLineId",
                table: "RefundLines",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Id",
                table: "OrderLines",
                type: "bigint",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

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
