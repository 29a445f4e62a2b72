using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Loyalty;

/// <summary>The ledger's tables and the referral and badge tables, so a refused request can be shown to have written nothing.</summary>
internal static class EngagementFingerprint
{
    public static async Task<string> OfAsync(TestApp app)
    {
        await using var db = app.Db();
        var ct = Json.Ct;
        var tables = new object[]
        {
            await LoyaltyApi.FingerprintAsync(app),
            await db.LoyaltyReferralCodes.AsNoTracking().OrderBy(x => x.CustomerId).ToListAsync(ct),
            await db.LoyaltyReferrals.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyEvidence.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltyBadges.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct),
            await db.LoyaltySyncStates.AsNoTracking().OrderBy(x => x.Name).ToListAsync(ct),
        };
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(tables)));
    }
}
