using Retain.Analytics.Clv;

namespace Retain.Analytics.Churn;

/// <summary>
/// The label-free churn score: P(no purchase in the window) from a BG/NBD model fitted on the history before the
/// snapshot. It needs no past labels, so it also serves a shop too young for <see cref="ChurnModel.Train"/>.
/// </summary>
public static class ChurnBaseline
{
    /// <summary>One probability per row of <paramref name="snapshot"/>; plain maximum likelihood unless <paramref name="fit"/> says otherwise.</summary>
    public static double[] ProbabilityNoPurchase(ChurnHistory history, ChurnSnapshot snapshot, ClvFitOptions? fit = null)
    {
        var summaries = ChurnFeatures.PurchaseSummaries(history, snapshot);
        var model = BgNbdModel.Fit(summaries, fit);
        var horizon = snapshot.Window.TotalDays / 7;
        return [.. summaries.Select(s => model.ProbabilityNoPurchase(s, horizon))];
    }
}
