using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Import;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.Property(r => r.FileSha256).HasMaxLength(ColumnSizes.ContentHash);
        b.Property(r => r.Preset).HasMaxLength(ColumnSizes.ShortText);
        b.HasIndex(r => r.FileSha256);
        b.HasIndex(r => r.StartedAt);
    }
}
