using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Products;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Sku).HasMaxLength(ColumnSizes.Sku);
        b.HasIndex(p => p.Sku).IsUnique();
        b.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.SetNull);
        b.Property(p => p.Price).IsMoney();
        b.Property(p => p.Currency).HasMaxLength(ColumnSizes.Currency);
    }
}
