using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Storage;

namespace Retain.Core.Consents;

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> b)
    {
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        // The current consent is the latest record per (customer, purpose, channel).
        b.HasIndex(c => new { c.CustomerId, c.Purpose, c.Channel, c.RecordedAt });
        b.Property(c => c.Purpose).HasMaxLength(ColumnSizes.ShortText);
        b.Property(c => c.Channel).HasMaxLength(ColumnSizes.ShortText);
        b.Property(c => c.LawfulBasis).HasMaxLength(ColumnSizes.ShortText);
        b.Property(c => c.TextVersion).HasMaxLength(ColumnSizes.ShortText);
        b.Property(c => c.Source).HasMaxLength(ColumnSizes.ShortText);
    }
}
