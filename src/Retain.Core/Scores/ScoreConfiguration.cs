using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Storage;

namespace Retain.Core.Scores;

internal sealed class CustomerScoreConfiguration : IEntityTypeConfiguration<CustomerScore>
{
    public void Configure(EntityTypeBuilder<CustomerScore> b)
    {
        b.HasOne<ScoreRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.RunId, s.CustomerId }).IsUnique();
        // The paged segment lists read one run in churn or value order.
        b.HasIndex(s => new { s.RunId, s.ChurnProbability });
        b.HasIndex(s => new { s.RunId, s.Clv12Months });
        b.HasIndex(s => s.CustomerId);
    }
}

internal sealed class ScoreRunConfiguration : IEntityTypeConfiguration<ScoreRun>
{
    public void Configure(EntityTypeBuilder<ScoreRun> b)
    {
        b.Property(r => r.ModelVersion).HasMaxLength(ColumnSizes.ExternalId);
        b.Property(r => r.DataStamp).HasMaxLength(ColumnSizes.ExternalId);
        b.Property(r => r.ChurnSource).HasMaxLength(ColumnSizes.ShortText);
    }
}
