using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Customers;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.Property(c => c.ExternalId).HasMaxLength(ColumnSizes.ExternalId);
        b.HasIndex(c => c.ExternalId).IsUnique();
        b.Property(c => c.Email).HasMaxLength(ColumnSizes.Email);
        b.HasIndex(c => c.Email);
        b.Property(c => c.Phone).HasMaxLength(ColumnSizes.Phone);
        b.Property(c => c.Country).HasMaxLength(ColumnSizes.Country);
        b.Property(c => c.Language).HasMaxLength(ColumnSizes.ShortText);
        b.Property(c => c.AcquisitionChannel).HasMaxLength(ColumnSizes.ShortText);
        // Customers are never deleted (erasure anonymises), so a merge target must stay.
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
    }
}
