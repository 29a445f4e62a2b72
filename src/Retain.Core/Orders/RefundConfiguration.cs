using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.Property(r => r.ExternalId).HasMaxLength(ColumnSizes.ExternalId);
        b.HasIndex(r => r.ExternalId).IsUnique();
        b.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.CustomerId, r.RefundedAt });
        b.HasIndex(r => r.RefundedAt);
        b.Property(r => r.Currency).HasMaxLength(ColumnSizes.Currency);
        b.Property(r => r.ExchangeRate).IsRate();
        b.Property(r => r.Amount).IsMoney();
        b.Property(r => r.Source).HasMaxLength(ColumnSizes.ShortText);
        b.Property(r => r.ContentHash).HasMaxLength(ColumnSizes.ContentHash);
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.RefundId).OnDelete(DeleteBehavior.Cascade);
    }
}
