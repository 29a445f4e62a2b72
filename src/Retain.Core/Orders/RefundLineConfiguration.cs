using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

internal sealed class RefundLineConfiguration : IEntityTypeConfiguration<RefundLine>
{
    public void Configure(EntityTypeBuilder<RefundLine> b)
    {
        b.HasIndex(l => new { l.RefundId, l.LineNo }).IsUnique();
        // A re-imported (replaced) order gets new lines; the refund keeps its amounts and loses only the link.
        b.HasOne<OrderLine>().WithMany().HasForeignKey(l => new { l.OrderId, l.OrderLineNo }).OnDelete(DeleteBehavior.SetNull);
        b.Property(l => l.Sku).HasMaxLength(ColumnSizes.Sku);
        b.Property(l => l.Amount).IsMoney();
    }
}
