using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;

namespace Retain.Core.Storage;

public sealed partial class RetainDbContext
{
    public DbSet<LoyaltyRuleSet> LoyaltyRuleSets => Set<LoyaltyRuleSet>();
    public DbSet<LoyaltyTransaction> LoyaltyTransactions => Set<LoyaltyTransaction>();
    public DbSet<LoyaltyEntry> LoyaltyEntries => Set<LoyaltyEntry>();
    public DbSet<LoyaltyMember> LoyaltyMembers => Set<LoyaltyMember>();
    public DbSet<LoyaltyOrderAward> LoyaltyOrderAwards => Set<LoyaltyOrderAward>();
    public DbSet<LoyaltyAwardLine> LoyaltyAwardLines => Set<LoyaltyAwardLine>();
    public DbSet<LoyaltyReversalLine> LoyaltyReversalLines => Set<LoyaltyReversalLine>();
    public DbSet<LoyaltyLot> LoyaltyLots => Set<LoyaltyLot>();
    public DbSet<LoyaltyAllocation> LoyaltyAllocations => Set<LoyaltyAllocation>();
    public DbSet<LoyaltyReward> LoyaltyRewards => Set<LoyaltyReward>();
    public DbSet<LoyaltyRewardCode> LoyaltyRewardCodes => Set<LoyaltyRewardCode>();
    public DbSet<LoyaltySyncState> LoyaltySyncStates => Set<LoyaltySyncState>();
}
