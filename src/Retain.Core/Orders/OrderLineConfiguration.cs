using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.HasIndex(l => new { l.OrderId, l.LineNo }).IsUnique();
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.Property(l => l.Sku).HasMaxLength(ColumnSizes.Sku);
        b.Property(l => l.UnitPrice).IsMoney();
        b.Property(l => l.Discount).IsMoney();
    }
}
