using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Idempotency;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public const int MaxKeyLength = 200;

    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.Property(r => r.Owner).HasMaxLength(ColumnSizes.ShortText);
        b.Property(r => r.Key).HasMaxLength(MaxKeyLength);
        b.HasIndex(r => new { r.Owner, r.Key }).IsUnique();
        b.Property(r => r.RequestHash).HasMaxLength(ColumnSizes.ContentHash);
        b.HasIndex(r => r.CreatedAt);
    }
}
