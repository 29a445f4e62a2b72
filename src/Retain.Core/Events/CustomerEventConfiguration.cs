using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Events;

internal sealed class CustomerEventConfiguration : IEntityTypeConfiguration<CustomerEvent>
{
    public void Configure(EntityTypeBuilder<CustomerEvent> b)
    {
        b.ToTable("Events");
        b.Property(e => e.ExternalId).HasMaxLength(ColumnSizes.ExternalId);
        // Unique where not null: both SQLite and PostgreSQL treat NULLs as distinct in a unique index.
        b.HasIndex(e => e.ExternalId).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(e => new { e.CustomerId, e.OccurredAt });
        b.HasIndex(e => new { e.Type, e.OccurredAt });
        b.Property(e => e.Type).HasMaxLength(ColumnSizes.ShortText);
    }
}
