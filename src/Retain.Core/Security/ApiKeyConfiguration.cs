using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Storage;

namespace Retain.Core.Security;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(ColumnSizes.ShortText * 2);
        b.Property(k => k.Prefix).HasMaxLength(ApiKeyTokens.PrefixLength);
        b.HasIndex(k => k.Prefix).IsUnique();
        b.Property(k => k.SecretHash).HasMaxLength(32);
        b.Property(k => k.Scopes).HasMaxLength(ColumnSizes.ShortText);
        b.Ignore(k => k.ScopeList);
    }
}
