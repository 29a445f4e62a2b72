namespace Retain.Analytics.Measure;

/// <summary>Named RFM segments, from the R and F scores (see <see cref="RfmSegments.Of"/>).</summary>
public enum RfmSegment
{
    Champions,
    Loyal,
    PotentialLoyalist,
    New,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CantLoseThem,
    Hibernating,
    Lost,
}

/// <summary>
/// The R×F segment map (M does not move a customer between segments; it ranks them within one):
/// <code>
///            F=1          F=2          F=3            F=4              F=5
/// R=5   New          Potential L. Potential L.   Champions        Champions
/// R=4   Promising    Potential L. Potential L.   Loyal            Loyal
/// R=3   About to Sl. About to Sl. Need Attention Loyal            Loyal
/// R=2   Hibernating  Hibernating  At Risk        At Risk          Can't Lose Them
/// R=1   Lost         Hibernating  At Risk        At Risk          Can't Lose Them
/// </code>
/// </summary>
public static class RfmSegments
{
    public static RfmSegment Of(int r, int f) => (r, f) switch
    {
        (5, >= 4) => RfmSegment.Champions,
        (>= 3, >= 4) => RfmSegment.Loyal,
        (>= 4, 2 or 3) => RfmSegment.PotentialLoyalist,
        (5, 1) => RfmSegment.New,
        (4, 1) => RfmSegment.Promising,
        (3, 3) => RfmSegment.NeedAttention,
        (3, _) => RfmSegment.AboutToSleep,
        (_, 5) => RfmSegment.CantLoseThem,
        (_, 3 or 4) => RfmSegment.AtRisk,
        (1, 1) => RfmSegment.Lost,
        _ => RfmSegment.Hibernating,
    };

    public static string Name(RfmSegment segment) => segment switch
    {
        RfmSegment.Loyal => "Loyal",
        RfmSegment.PotentialLoyalist => "Potential Loyalist",
        RfmSegment.New => "New",
        RfmSegment.NeedAttention => "Need Attention",
        RfmSegment.AboutToSleep => "About to Sleep",
        RfmSegment.AtRisk => "At Risk",
        RfmSegment.CantLoseThem => "Can't Lose Them",
        _ => segment.ToString(),
    };

    /// <summary>What to do with each segment, one line, for reports.</summary>
    public static string Advice(RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => "Bought recently and often: reward them, ask for reviews and referrals.",
        RfmSegment.Loyal => "Buy regularly: upsell, invite to the loyalty programme's higher tiers.",
        RfmSegment.PotentialLoyalist => "Recent, a few orders: offer membership or a second-purchase incentive.",
        RfmSegment.New => "First order just now: a good welcome series decides if they return.",
        RfmSegment.Promising => "Recent first-time buyers: build the relationship before they cool.",
        RfmSegment.NeedAttention => "Average recency and frequency: a limited-time, personalised offer.",
        RfmSegment.AboutToSleep => "Cooling off after few orders: reactivate with recommendations.",
        RfmSegment.AtRisk => "Used to buy often, not lately: a win-back message now.",
        RfmSegment.CantLoseThem => "Best customers gone quiet: reach out personally.",
        RfmSegment.Hibernating => "Long gone, few orders: low-cost reminders only.",
        _ => "Lowest recency and frequency: exclude from paid campaigns.",
    };
}
