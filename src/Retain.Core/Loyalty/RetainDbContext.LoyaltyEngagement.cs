using Microsoft.EntityFrameworkCore;
using Retain.Core.Loyalty;

namespace Retain.Core.Storage;

public sealed partial class RetainDbContext
{
    public DbSet<LoyaltyReferralCode> LoyaltyReferralCodes => Set<LoyaltyReferralCode>();
    public DbSet<LoyaltyReferral> LoyaltyReferrals => Set<LoyaltyReferral>();
    public DbSet<LoyaltyEvidence> LoyaltyEvidence => Set<LoyaltyEvidence>();
    public DbSet<LoyaltyBadge> LoyaltyBadges => Set<LoyaltyBadge>();
}
