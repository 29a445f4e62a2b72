using Retain.Analytics.Clv;

namespace Retain.Analytics.Tests.Clv;

/// <summary>Pareto/NBD on the CDNOW sample against lifetimes 0.11.3 (EVALUATION.md §2).</summary>
public sealed class ParetoNbdCdnowTests
{
    public static TheoryData<string> Sources => ["summary csv", "transactions"];

    /// <summary>
    /// The Pareto/NBD likelihood is flat along s/β: our optimum is 9e-8 log-likelihood units above lifetimes' point,
    /// and β differs by 1e-3 (both round to 11.67).
    /// </summary>
    [Theory]
    [MemberData(nameof(Sources))]
    public void Fit_MatchesLifetimesToFourSignificantDigits(string source)
    {
        var m = source == "transactions" ? ParetoNbdModel.Fit(Cdnow.Summaries) : Cdnow.ParetoNbd;
        Assert.Null(m.Diagnostics!.Warning);
        Assert.True(m.Diagnostics!.Converged, m.Diagnostics.Warning);
        Clvs.AssertSignificant(0.553282, m.Parameters.R);
        Clvs.AssertSignificant(10.577753, m.Parameters.Alpha);
        Clvs.AssertSignificant(0.606171, m.Parameters.S);
        Clvs.AssertSignificant(11.666907, m.Parameters.Beta);
        Assert.Equal(-9594.9739, m.Diagnostics.LogLikelihood, 0.01);
    }

    [Fact]
    public void HoldoutSum_MatchesLifetimes()
    {
        Assert.Equal(1665.57, Cdnow.SummaryCsv.Sum(c => Cdnow.LifetimesParetoNbd.ExpectedPurchases(c, 39)), 0.005);
        Assert.Equal(1665.57, Cdnow.SummaryCsv.Sum(c => Cdnow.ParetoNbd.ExpectedPurchases(c, 39)), 0.05);
        Assert.Equal(-9594.9739, Cdnow.LifetimesParetoNbd.LogLikelihood(Cdnow.SummaryCsv), 0.0001);
    }

    [Theory]
    [InlineData(0, 0, 38.86, 0.1071, 0.2951)]
    [InlineData(2, 30.43, 38.86, 1.4551, 0.8691)]
    [InlineData(7, 35.0, 38.86, 4.6362, 0.9361)]
    [InlineData(7, 10.0, 38.86, 0.0549, 0.0111)]
    [InlineData(26, 30.86, 31.0, 20.1160, 0.9979)]
    public void IndividualPredictions_MatchLifetimes(int x, double tx, double t, double expected, double alive)
    {
        var c = new CustomerSummary(x, tx, t);
        Assert.Equal(expected, Cdnow.LifetimesParetoNbd.ExpectedPurchases(c, 39), 0.00005);
        Assert.Equal(alive, Cdnow.LifetimesParetoNbd.ProbabilityAlive(c), 0.00005);
        Assert.Equal(expected, Cdnow.ParetoNbd.ExpectedPurchases(c, 39), 0.0005);
        Assert.Equal(alive, Cdnow.ParetoNbd.ProbabilityAlive(c), 0.0005);
    }
}
