using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

/// <summary>
/// A named lease on a recurring job, so that only one of several server processes sharing a database runs it: the
/// owner holds it until <see cref="ExpiresAt"/> and renews it while working (see <see cref="JobLeases"/>).
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }
    public required string Owner { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(ColumnSizes.ShortText);
        b.Property(l => l.Owner).HasMaxLength(ColumnSizes.ExternalId);
    }
}
