using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.HasKey(l => new { l.OrderId, l.LineNo });
        // Lines are read and written per order: clustered by the key, an order's lines sit together on disk.
        b.IsWithoutRowId();
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.Property(l => l.Sku).HasMaxLength(ColumnSizes.Sku);
        b.Property(l => l.UnitPrice).IsMoney();
        b.Property(l => l.Discount).IsMoney();
    }
}
