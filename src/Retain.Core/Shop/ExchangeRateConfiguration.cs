using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Shop;

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> b)
    {
        b.Property(r => r.Currency).HasMaxLength(ColumnSizes.Currency);
        b.HasIndex(r => new { r.Currency, r.ValidFrom }).IsUnique();
        b.Property(r => r.Rate).IsRate();
    }
}
