using AwesomeAssertions;
using Retain.Core.Loyalty;

namespace Retain.Core.Tests.Loyalty;

/// <summary>The pure parts of referrals and challenges: evidence normalisation and challenge evaluation.</summary>
public sealed class EngagementRuleTests
{
    [Theory]
    [InlineData(EvidenceKind.Email, "Anna.K+shop@Gmail.com", " annak@googlemail.com ", true)]
    [InlineData(EvidenceKind.Email, "anna.k@example.com", "annak@example.com", false)]
    [InlineData(EvidenceKind.Email, "anna+x@example.com", "ANNA@example.com", true)]
    [InlineData(EvidenceKind.Address, "ul. Długa 5/3, 00-001 Warszawa", "UL DŁUGA 5 3 00001 warszawa", true)]
    [InlineData(EvidenceKind.Address, "ul. Długa 5/3", "ul. Długa 5/4", false)]
    [InlineData(EvidenceKind.Device, " DEV-1 ", "dev-1", true)]
    [InlineData(EvidenceKind.Device, "dev-1", "dev-2", false)]
    public void Evidence_IsComparedInItsNormalisedForm(EvidenceKind kind, string a, string b, bool same) =>
        (ReferralEvidence.Hash(kind, a) == ReferralEvidence.Hash(kind, b)).Should().Be(same);

    [Fact]
    public void Evidence_OfTheSameTextButAnotherKind_DoesNotMatch_AndBlankIsNone()
    {
        ReferralEvidence.Hash(EvidenceKind.Device, "x1").Should().NotBe(ReferralEvidence.Hash(EvidenceKind.Address, "x1"));
        ReferralEvidence.Hash(EvidenceKind.Email, "  ").Should().BeNull();
    }

    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime Day(int day) => Start.AddDays(day);

    private static (long, LoyaltyRules)? Version(ChallengeRule rule, long id = 1) => (id, new LoyaltyRules { Challenges = [rule] });

    [Fact]
    public void ThreeOrdersInAWindow_CompletesAtTheThirdOrderInside_NotAcrossAGap()
    {
        var rule = new ChallengeRule { Id = "three", Badge = "Regular", Kind = ChallengeKind.Orders, Count = 3, Window = TimeSpan.FromDays(90) };
        // Orders on days 0, 100, 150 (never three within 90 days), then 180: 100, 150, 180 are.
        List<ChallengeActivity> activity = [new(Day(0), null, 10m), new(Day(100), null, 10m), new(Day(150), null, 10m), new(Day(180), null, 10m)];

        var completions = ChallengeEvaluator.Completions(activity, _ => Version(rule), Start, new HashSet<(string, long)>());

        completions.Select(c => (c.ChallengeId, c.Period, c.At)).Should().Equal(("three", 0L, Day(180)));
    }

    [Fact]
    public void AWhollyRefundedOrder_DoesNotCount_AndEventsCountOnlyTheirType()
    {
        var orders = new ChallengeRule { Id = "two", Badge = "B", Kind = ChallengeKind.Orders, Count = 2 };
        var review = new ChallengeRule { Id = "review", Badge = "Critic", Kind = ChallengeKind.Event, EventType = "review" };
        List<ChallengeActivity> activity = [new(Day(1), null, 0m), new(Day(2), null, 10m), new(Day(3), "viewed_product", 0m)];

        ChallengeEvaluator.Completions(activity, _ => (1, new LoyaltyRules { Challenges = [orders, review] }), Start, new HashSet<(string, long)>())
            .Should().BeEmpty();
        ChallengeEvaluator.Completions([.. activity, new(Day(4), "review", 0m)], _ => (1, new LoyaltyRules { Challenges = [orders, review] }), Start, new HashSet<(string, long)>())
            .Select(c => c.ChallengeId).Should().Equal("review");
    }

    [Fact]
    public void ARepeatableSpendChallenge_CountsWithinEachPeriod_AndSkipsWhatIsHeld()
    {
        var rule = new ChallengeRule { Id = "spend", Badge = "Big", Kind = ChallengeKind.Spend, Amount = 40m, RepeatEvery = TimeSpan.FromDays(30) };
        var period = ChallengeEvaluator.PeriodOf(rule, Day(0));
        var next = ChallengeEvaluator.Anchor.AddDays(30 * (period + 1));
        // 30 just before a period ends and 30 just after: 60 in all, but never 40 in one period; then 45 in the next.
        List<ChallengeActivity> activity = [new(next.AddHours(-1), null, 30m), new(next, null, 30m), new(next.AddDays(1), null, 15m)];

        var completions = ChallengeEvaluator.Completions(activity, _ => Version(rule), Start, new HashSet<(string, long)>());
        var held = ChallengeEvaluator.Completions(activity, _ => Version(rule), Start, new HashSet<(string, long)> { ("spend", period + 1) });

        completions.Select(c => (c.Period, c.At)).Should().Equal((period + 1, next.AddDays(1)));
        held.Should().BeEmpty();
    }

    [Fact]
    public void ACompletion_IsDatedAndVersionedByTheRulesInForceWhenReached()
    {
        var easy = new ChallengeRule { Id = "c", Badge = "B", Kind = ChallengeKind.Orders, Count = 1, Points = 5 };
        var hard = easy with { Count = 2, Points = 50 };
        // Version 1 (before day 10) has no such challenge; version 2 asks for two orders; version 3 for one.
        (long, LoyaltyRules)? RulesAt(DateTime at) => at < Day(10) ? (1, new LoyaltyRules()) : at < Day(20) ? (2, new LoyaltyRules { Challenges = [hard] }) : (3, new LoyaltyRules { Challenges = [easy] });
        List<ChallengeActivity> activity = [new(Day(5), null, 10m), new(Day(12), null, 10m)];

        var completion = ChallengeEvaluator.Completions(activity, RulesAt, Start, new HashSet<(string, long)>()).Should().ContainSingle().Subject;

        (completion.At, completion.RuleSetId, completion.Rule.Points).Should().Be((Day(12), 2L, 50L));
    }
}
