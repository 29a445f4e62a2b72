using Retain.Analytics.Clv;

namespace Retain.Analytics.Tests.Clv;

/// <summary>Gamma-Gamma on the 946 CDNOW repeaters against lifetimes 0.11.3 and Fader &amp; Hardie's note.</summary>
public sealed class GammaGammaCdnowTests
{
    public static TheoryData<string> Sources => ["summary csv", "transactions"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Fit_MatchesLifetimesToFourSignificantDigits(string source)
    {
        var m = GammaGammaModel.Fit(source == "transactions" ? Cdnow.Summaries : Cdnow.SummaryCsv);
        var d = m.Diagnostics!;
        Assert.True(d.Converged, d.Warning);
        Assert.Equal(946, d.Customers);
        var digits = source == "transactions" ? 3 : 4; // the CSV's means are rounded to cents
        Clvs.AssertSignificant(6.248802, m.Parameters.P, digits);
        Clvs.AssertSignificant(3.744588, m.Parameters.Q, digits);
        Clvs.AssertSignificant(15.447748, m.Parameters.Gamma, digits);
        if (source != "transactions")
            Assert.Equal(-4055.9232, d.LogLikelihood, 0.01);
    }

    [Theory]
    [InlineData(0, 24.6586)]
    [InlineData(1, 18.9115)]
    [InlineData(2, 35.171)]
    public void ConditionalExpectedAverageSpend_MatchesLifetimes(int row, double expected)
    {
        var m = GammaGammaModel.Fit(Cdnow.SummaryCsv);
        Assert.Equal(expected, m.ConditionalExpectedAverageSpend(Cdnow.SummaryCsv[row]), 0.0005);
    }
}
