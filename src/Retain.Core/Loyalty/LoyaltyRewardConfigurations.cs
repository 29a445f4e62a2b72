using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

internal sealed class LoyaltyRewardConfiguration : IEntityTypeConfiguration<LoyaltyReward>
{
    public void Configure(EntityTypeBuilder<LoyaltyReward> b)
    {
        b.Property(r => r.Name).HasMaxLength(ColumnSizes.ExternalId);
        b.Property(r => r.Sku).HasMaxLength(ColumnSizes.ExternalId);
        b.Property(r => r.MinTier).HasMaxLength(ColumnSizes.ShortText);
        b.Property(r => r.Value).IsMoney();
    }
}

internal sealed class LoyaltyRewardCodeConfiguration : IEntityTypeConfiguration<LoyaltyRewardCode>
{
    public const int CodeLength = 32;

    public void Configure(EntityTypeBuilder<LoyaltyRewardCode> b)
    {
        b.Property(c => c.Code).HasMaxLength(CodeLength);
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.RedemptionKey).HasMaxLength(LoyaltyTransactionConfiguration.KeyLength);
        b.HasIndex(c => c.TransactionId).IsUnique();
        b.Property(c => c.Status).IsConcurrencyToken();
        // The expiry job's query: issued codes past their time.
        b.HasIndex(c => new { c.Status, c.ExpiresAt });
        b.HasIndex(c => c.CustomerId);
        b.Property(c => c.Sku).HasMaxLength(ColumnSizes.ExternalId);
        b.Property(c => c.OrderRef).HasMaxLength(ColumnSizes.ExternalId);
        b.Property(c => c.ConsumeKey).HasMaxLength(LoyaltyTransactionConfiguration.KeyLength);
        b.Property(c => c.Value).IsMoney();
        b.HasOne<LoyaltyReward>().WithMany().HasForeignKey(c => c.RewardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyTransaction>().WithMany().HasForeignKey(c => c.TransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltySyncStateConfiguration : IEntityTypeConfiguration<LoyaltySyncState>
{
    public void Configure(EntityTypeBuilder<LoyaltySyncState> b)
    {
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(ColumnSizes.ShortText);
    }
}
