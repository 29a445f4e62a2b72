using AwesomeAssertions;
using Retain.Analytics.Measure;
using Retain.Core.Loyalty;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>Bonus campaigns for scored segments (at-risk, VIP, RFM): who gets the bonus, and how the ledger finds out.</summary>
public sealed class SegmentCampaignTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = LoyaltyTestContext.Start;

    private static readonly LoyaltyRules Rules = new()
    {
        PointsPerUnit = 1m, PendingPeriod = TimeSpan.Zero, ExpiryPeriod = null,
        Tiers = [new TierRule("Silver", 1_000m, 1m)],
        Campaigns =
        [
            new BonusCampaign("VIP week", T0, T0.AddDays(7), 3m, Segments: [ScoredSegments.Vip]),
            new BonusCampaign("Win back", T0, T0.AddDays(30), 2m, Segments: [ScoredSegments.AtRisk, "rfm:cant-lose-them"]),
            new BonusCampaign("Silver champions", T0, T0.AddDays(30), 5m, Tiers: ["Silver"], Segments: ["rfm:champions"]),
        ],
    };

    [Fact]
    public void Names_AreTheListsAndEveryRfmSegment()
    {
        ScoredSegments.Names.Should().Contain(["at-risk", "vip", "rfm:champions", "rfm:potential-loyalist", "rfm:cant-lose-them", "rfm:at-risk", "rfm:lost"]);
        ScoredSegments.Names.Should().HaveCount(2 + Enum.GetValues<RfmSegment>().Length).And.OnlyHaveUniqueItems();
        new SegmentMembership(false, false, RfmSegment.AtRisk).Contains(ScoredSegments.AtRisk).Should().BeFalse("RFM's At Risk is not the churn list");
        new SegmentMembership(true, false, null).Contains("rfm:at-risk").Should().BeFalse();
    }

    [Fact]
    public void Multiplier_IsTheBestCampaignWhoseAudienceHoldsTheMember()
    {
        var at = T0.AddDays(3);
        BonusCampaigns.Multiplier(Rules.Campaigns, at, null, SegmentMembership.None).Should().Be(1m);
        BonusCampaigns.Multiplier(Rules.Campaigns, at, null, new(false, true, null)).Should().Be(3m);
        BonusCampaigns.Multiplier(Rules.Campaigns, at, null, new(true, true, null)).Should().Be(3m, "campaigns do not stack");
        BonusCampaigns.Multiplier(Rules.Campaigns, at, null, new(false, false, RfmSegment.CantLoseThem)).Should().Be(2m);
        BonusCampaigns.Multiplier(Rules.Campaigns, at, null, new(false, false, RfmSegment.Champions)).Should().Be(1m, "the tier is required too");
        BonusCampaigns.Multiplier(Rules.Campaigns, at, "Silver", new(false, false, RfmSegment.Champions)).Should().Be(5m);
        BonusCampaigns.Multiplier(Rules.Campaigns, T0.AddDays(8), null, new(false, true, null)).Should().Be(1m, "the VIP week is over");
        BonusCampaigns.NeedsSegments(Rules, T0.AddDays(31)).Should().BeFalse();
        BonusCampaigns.NeedsSegments(Rules, T0.AddDays(8)).Should().BeTrue();
    }

    [Fact]
    public void Validation_NamesTheUnknownSegment()
    {
        var bad = Rules with { Campaigns = [new BonusCampaign("Typo", T0, T0.AddDays(1), 2m, Segments: ["vips"])] };
        var empty = Rules with { Campaigns = [new BonusCampaign("Nobody", T0, T0.AddDays(1), 2m, Segments: [])] };

        FluentActions.Invoking(() => LoyaltyProgramme.Validate(bad)).Should().Throw<InvalidLoyaltyCommandException>()
            .Which.Message.Should().Contain("'vips'").And.Contain("rfm:champions");
        FluentActions.Invoking(() => LoyaltyProgramme.Validate(empty)).Should().Throw<InvalidLoyaltyCommandException>();
        FluentActions.Invoking(() => LoyaltyProgramme.Validate(Rules)).Should().NotThrow();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Ledger_ReadsTheSegmentsOfTheNewestScoreRun_AndARefundReversesTheBonus(DatabaseProvider provider)
    {
        await using var t = await LoyaltyTestContext.CreateAsync(provider, customers: 4);
        await t.Programme.PublishAsync(Rules, T0, Ct);
        var (vip, atRisk, champion, unscored) = (t.Customers[0], t.Customers[1], t.Customers[2], t.Customers[3]);
        // An older run made the unscored customer a VIP: only the newest run counts.
        await StoreRunAsync(t, (unscored, 0.1, 900.0, null));
        await StoreRunAsync(t, (vip, 0.1, 500.0, null), (atRisk, 0.8, 10.0, null), (champion, 0.1, 10.0, ((byte)5, (byte)5)));

        var earned = new Dictionary<long, long>();
        foreach (var c in t.Customers)
            earned[c] = (await t.Ledger.EarnAsync(new EarnForOrder($"o{c}", c, T0.AddDays(2), [new EarnLine("1", 1, 10m)]), Ct)).Points;

        earned.Should().BeEquivalentTo(new Dictionary<long, long> { [vip] = 30, [atRisk] = 20, [champion] = 10, [unscored] = 10 });
        var refund = await t.Ledger.RefundAsync(new RefundOrder("r1", $"o{vip}", [new RefundQuantity("1", 1)]), Ct);
        refund.Reversed.Should().Be(30, "a refund takes back what the campaign gave");
        (await t.Ledger.VerifyAsync(Ct)).Problems.Should().BeEmpty();
    }

    /// <summary>A score run as the scorer stores it, by hand: (customer, churn probability, CLV, (R, F) or none).</summary>
    private static async Task StoreRunAsync(LoyaltyTestContext t, params (long Customer, double Churn, double Clv, (byte R, byte F)? Rfm)[] rows)
    {
        await using var db = t.Database.NewContext();
        var run = new ScoreRun
        {
            ModelVersion = "hand", DataCutoff = T0, ComputedAt = T0, Customers = rows.Length, DataStamp = "hand",
            ChurnSource = "bgnbd", VipThreshold = 400,
        };
        db.ScoreRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        db.CustomerScores.AddRange(rows.Select(r => new CustomerScore
        {
            RunId = run.Id, CustomerId = r.Customer, ChurnProbability = r.Churn, Clv12Months = r.Clv,
            RecencyScore = r.Rfm?.R, FrequencyScore = r.Rfm?.F, MonetaryScore = r.Rfm is null ? null : (byte)3,
        }));
        await db.SaveChangesAsync(Ct);
    }
}
