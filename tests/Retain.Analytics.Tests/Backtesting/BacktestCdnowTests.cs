using Retain.Analytics.Backtesting;
using Retain.Analytics.Data;
using Retain.Analytics.Tests.Clv;

namespace Retain.Analytics.Tests.Backtesting;

/// <summary>The back-test on the CDNOW sample split as the 2005 paper does (EVALUATION.md §2): 39 + 39 weeks.</summary>
public sealed class BacktestCdnowTests
{
    private static readonly Lazy<(ShopData Data, BacktestResult Result)> Run = new(() =>
    {
        var data = Shop();
        return (data, Backtest.Run(data, new BacktestOptions(new DateOnly(1997, 10, 1), 273)));
    });

    internal static ShopData Shop()
    {
        var transactions = Cdnow.Transactions.OrderBy(t => t.Timestamp).ToArray();
        var ids = transactions.Select(t => t.CustomerId).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        return new ShopData
        {
            Customers = [.. ids.Select(id => new CustomerFact(id))],
            Orders = [.. transactions.Select(t => new OrderFact(index[t.CustomerId], t.Timestamp, (decimal)t.Amount))],
            Refunds = [],
            Currency = "USD",
        };
    }

    [Fact]
    public void Holdout_CountsAndSummaries_MatchThePaper()
    {
        var r = Run.Value.Result;
        Assert.Equal(2_357, r.Period.Customers);
        Assert.Equal(2_457, r.Period.CalibrationRepeatPurchases);
        Assert.Equal(1_882, r.Period.HoldoutPurchases);
        Assert.All(r.PurchaseModels, m => Assert.Equal(1_882, m.ActualHoldout));
    }

    [Fact]
    public void Fits_MatchLifetimesOnTheExactSummaries()
    {
        var r = Run.Value.Result;
        var bg = r.PurchaseModels[0];
        Assert.Equal("BG/NBD", bg.Name);
        // The summaries here are exact, lifetimes' reference used the 2-decimal CSV: agreement to 3 significant digits.
        Assert.Equal(0.2426, bg.Parameters[0].Value, 3);
        Assert.Equal(4.41, bg.Parameters[1].Value, 1);
        Assert.Equal(-9_582.4, bg.LogLikelihood, 0);
        Assert.All(bg.Parameters, p => Assert.True(p.StandardError > 0 && p.StandardError < p.Value));
        Assert.Equal(1_653.4, bg.PredictedHoldout, 0);
        Assert.Equal(1_665.6, r.PurchaseModels[1].PredictedHoldout, 0);
        Assert.Equal(6.25, r.Spend!.Parameters[0].Value, 1);
        Assert.Equal(946, r.Spend.Customers);
    }

    [Fact]
    public void Tracking_AddsUpToCalibrationAndHoldout()
    {
        var r = Run.Value.Result;
        Assert.Equal(78, r.Tracking.Count);
        Assert.Equal([828, 1_746, 2_457, 3_183, 3_844, 4_339], new[] { 13, 26, 39, 52, 65, 78 }.Select(w => r.Tracking[w - 1].Actual));
        // lifetimes' BG/NBD tracking curve at weeks 13/26/39/52/65/78 (EVALUATION.md §2), from our own fit.
        double[] lifetimes = [709.0, 1_726.9, 2_494.0, 3_127.7, 3_675.0, 4_160.6];
        var ours = new[] { 13, 26, 39, 52, 65, 78 }.Select(w => r.Tracking[w - 1].Expected[0]).ToArray();
        for (var i = 0; i < ours.Length; i++)
            Assert.InRange(ours[i], lifetimes[i] * 0.99, lifetimes[i] * 1.01);
    }

    [Fact]
    public void ConditionalExpectations_CoverEveryone()
    {
        var r = Run.Value.Result;
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7+"], r.ConditionalExpectations.Select(g => g.Frequency));
        Assert.Equal(2_357, r.ConditionalExpectations.Sum(g => g.Customers));
        Assert.Equal(1_882, r.ConditionalExpectations.Sum(g => g.ActualMean * g.Customers), 6);
        Assert.Equal(r.PurchaseModels[0].PredictedHoldout, r.ConditionalExpectations.Sum(g => g.PredictedMeans[0] * g.Customers), 6);
    }

    [Fact]
    public void Churn_WithTooLittleHistory_IsExplainedNotFatal()
    {
        var r = Run.Value.Result;
        Assert.Null(r.Churn);
        Assert.Contains("too little history", r.ChurnError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1998-06-01", 90)]
    [InlineData("1996-01-01", 30)]
    [InlineData("1997-10-01", 0)]
    public void BadSplit_Throws(string cutoff, int days) =>
        Assert.Throws<ArgumentException>(() => Backtest.Run(Run.Value.Data, new BacktestOptions(DateOnly.Parse(cutoff, System.Globalization.CultureInfo.InvariantCulture), days), TestContext.Current.CancellationToken));
}
