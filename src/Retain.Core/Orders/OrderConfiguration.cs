using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.Property(o => o.ExternalId).HasMaxLength(ColumnSizes.ExternalId);
        b.HasIndex(o => o.ExternalId).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.CustomerId, o.PlacedAt });
        b.HasIndex(o => o.PlacedAt);
        b.Property(o => o.Currency).HasMaxLength(ColumnSizes.Currency);
        b.Property(o => o.ExchangeRate).IsRate();
        b.Property(o => o.Shipping).IsMoney();
        b.Property(o => o.Revenue).IsMoney();
        b.Property(o => o.Country).HasMaxLength(ColumnSizes.Country);
        b.Property(o => o.Source).HasMaxLength(ColumnSizes.ShortText);
        b.Property(o => o.ContentHash).HasMaxLength(ColumnSizes.ContentHash);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
