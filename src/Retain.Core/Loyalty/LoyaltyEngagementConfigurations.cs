using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

// Referrals and badges: like the ledger, nothing here is deleted, so every foreign key is Restrict.

internal sealed class LoyaltyReferralCodeConfiguration : IEntityTypeConfiguration<LoyaltyReferralCode>
{
    public const int CodeLength = 16;

    public void Configure(EntityTypeBuilder<LoyaltyReferralCode> b)
    {
        b.HasKey(c => c.CustomerId);
        b.Property(c => c.CustomerId).ValueGeneratedNever();
        b.Property(c => c.Code).HasMaxLength(CodeLength);
        b.HasIndex(c => c.Code).IsUnique();
        b.HasOne<Customer>().WithOne().HasForeignKey<LoyaltyReferralCode>(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyReferralConfiguration : IEntityTypeConfiguration<LoyaltyReferral>
{
    public void Configure(EntityTypeBuilder<LoyaltyReferral> b)
    {
        // A customer is referred once, whatever became of it: the last word against two referrers racing.
        b.HasIndex(r => r.ReferredId).IsUnique();
        // The per-referrer limit and the referrer's listing.
        b.HasIndex(r => new { r.ReferrerId, r.CreatedAt });
        b.HasIndex(r => r.Status);
        b.Property(r => r.Status).IsConcurrencyToken();
        b.Property(r => r.Code).HasMaxLength(LoyaltyReferralCodeConfiguration.CodeLength);
        b.Property(r => r.Reason).HasMaxLength(ColumnSizes.ShortText);
        b.Property(r => r.OrderRef).HasMaxLength(ColumnSizes.ExternalId);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.ReferredId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyRuleSet>().WithMany().HasForeignKey(r => r.RuleSetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyTransaction>().WithMany().HasForeignKey(r => r.SettleTransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyEvidenceConfiguration : IEntityTypeConfiguration<LoyaltyEvidence>
{
    public void Configure(EntityTypeBuilder<LoyaltyEvidence> b)
    {
        b.Property(e => e.Hash).HasMaxLength(ColumnSizes.ContentHash);
        b.HasIndex(e => new { e.CustomerId, e.Kind, e.Hash }).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyBadgeConfiguration : IEntityTypeConfiguration<LoyaltyBadge>
{
    public void Configure(EntityTypeBuilder<LoyaltyBadge> b)
    {
        // Exactly once per member, challenge and period, whatever the feed does.
        b.HasIndex(x => new { x.CustomerId, x.ChallengeId, x.Period }).IsUnique();
        b.Property(x => x.ChallengeId).HasMaxLength(ColumnSizes.ShortText);
        b.Property(x => x.Badge).HasMaxLength(ColumnSizes.ShortText);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyRuleSet>().WithMany().HasForeignKey(x => x.RuleSetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyTransaction>().WithOne().HasForeignKey<LoyaltyBadge>(x => x.TransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}
