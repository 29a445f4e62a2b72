using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retain.Core.Customers;
using Retain.Core.Storage;

namespace Retain.Core.Loyalty;

// The ledger's mappings sit together because they are read together: every foreign key here is Restrict, since
// nothing in the ledger is ever deleted.

internal sealed class LoyaltyRuleSetConfiguration : IEntityTypeConfiguration<LoyaltyRuleSet>
{
    public void Configure(EntityTypeBuilder<LoyaltyRuleSet> b)
    {
        b.HasIndex(r => r.Version).IsUnique();
        b.HasIndex(r => r.EffectiveFrom);
    }
}

internal sealed class LoyaltyTransactionConfiguration : IEntityTypeConfiguration<LoyaltyTransaction>
{
    public const int KeyLength = 200;

    public void Configure(EntityTypeBuilder<LoyaltyTransaction> b)
    {
        b.Property(t => t.Key).HasMaxLength(KeyLength);
        // The idempotency guarantee: a second commit of the same key fails here, whatever the race.
        b.HasIndex(t => t.Key).IsUnique();
        b.Property(t => t.OrderRef).HasMaxLength(ColumnSizes.ExternalId);
        b.Property(t => t.RequestHash).HasMaxLength(ColumnSizes.ContentHash);
        b.HasIndex(t => new { t.CustomerId, t.Id });
        b.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyRuleSet>().WithMany().HasForeignKey(t => t.RuleSetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyTransaction>().WithMany().HasForeignKey(t => t.ReversesTransactionId).OnDelete(DeleteBehavior.Restrict);
        // A redemption is cancelled at most once, whatever the keys of the cancellations.
        b.HasIndex(t => t.ReversesTransactionId).IsUnique();
        b.HasMany(t => t.Entries).WithOne().HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyEntryConfiguration : IEntityTypeConfiguration<LoyaltyEntry>
{
    public void Configure(EntityTypeBuilder<LoyaltyEntry> b)
    {
        b.HasIndex(e => new { e.CustomerId, e.Account });
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyRuleSet>().WithMany().HasForeignKey(e => e.RuleSetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyMemberConfiguration : IEntityTypeConfiguration<LoyaltyMember>
{
    public void Configure(EntityTypeBuilder<LoyaltyMember> b)
    {
        b.HasKey(m => m.CustomerId);
        b.Property(m => m.CustomerId).ValueGeneratedNever();
        b.Property(m => m.Version).IsConcurrencyToken();
        b.Property(m => m.Tier).HasMaxLength(ColumnSizes.ShortText);
        b.HasOne<Customer>().WithOne().HasForeignKey<LoyaltyMember>(m => m.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyOrderAwardConfiguration : IEntityTypeConfiguration<LoyaltyOrderAward>
{
    public void Configure(EntityTypeBuilder<LoyaltyOrderAward> b)
    {
        b.Property(a => a.OrderRef).HasMaxLength(ColumnSizes.ExternalId);
        b.HasIndex(a => a.OrderRef).IsUnique();
        // The release job's query: unreleased awards whose window has passed.
        b.HasIndex(a => new { a.ReleasedAt, a.PendingUntil });
        b.HasOne<LoyaltyTransaction>().WithOne().HasForeignKey<LoyaltyOrderAward>(a => a.TransactionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyRuleSet>().WithMany().HasForeignKey(a => a.RuleSetId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Lines).WithOne().HasForeignKey(l => l.AwardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyAwardLineConfiguration : IEntityTypeConfiguration<LoyaltyAwardLine>
{
    public void Configure(EntityTypeBuilder<LoyaltyAwardLine> b)
    {
        b.Property(l => l.LineRef).HasMaxLength(ColumnSizes.ExternalId);
        b.HasIndex(l => new { l.AwardId, l.LineRef }).IsUnique();
        b.Property(l => l.NetAmount).IsMoney();
    }
}

internal sealed class LoyaltyReversalLineConfiguration : IEntityTypeConfiguration<LoyaltyReversalLine>
{
    public void Configure(EntityTypeBuilder<LoyaltyReversalLine> b)
    {
        b.HasIndex(r => r.AwardLineId);
        b.HasOne<LoyaltyTransaction>().WithMany().HasForeignKey(r => r.TransactionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyAwardLine>().WithMany().HasForeignKey(r => r.AwardLineId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyLotConfiguration : IEntityTypeConfiguration<LoyaltyLot>
{
    public void Configure(EntityTypeBuilder<LoyaltyLot> b)
    {
        // Belt and braces beside the member version: a lot changed since it was read fails the save.
        b.Property(l => l.Remaining).IsConcurrencyToken();
        b.HasIndex(l => new { l.CustomerId, l.EarnedAt });
        b.HasIndex(l => l.ExpiresAt);
        b.HasOne<Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyTransaction>().WithMany().HasForeignKey(l => l.TransactionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyOrderAward>().WithMany().HasForeignKey(l => l.AwardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyAllocationConfiguration : IEntityTypeConfiguration<LoyaltyAllocation>
{
    public void Configure(EntityTypeBuilder<LoyaltyAllocation> b)
    {
        b.HasIndex(a => a.TransactionId);
        b.HasIndex(a => a.LotId);
        b.HasOne<LoyaltyTransaction>().WithMany().HasForeignKey(a => a.TransactionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LoyaltyLot>().WithMany().HasForeignKey(a => a.LotId).OnDelete(DeleteBehavior.Restrict);
    }
}
