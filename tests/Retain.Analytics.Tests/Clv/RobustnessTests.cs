using Retain.Analytics.Clv;

namespace Retain.Analytics.Tests.Clv;

/// <summary>Awkward inputs: each fit returns finite parameters (with a warning where the data say little) or a clear error.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "bgnbd", "pareto" })
            foreach (var c in new[] { "5 customers", "50 customers", "all x = 0", "extreme T", "huge x", "identical", "one of each day" })
                data.Add(model, c);
        return data;
    }

    private static CustomerSummary[] Data(string name) => name switch
    {
        "5 customers" => Cdnow.SummaryCsv[..5],
        "50 customers" => Cdnow.SummaryCsv[..50],
        "all x = 0" => [.. Enumerable.Range(0, 200).Select(i => new CustomerSummary(0, 0, 1 + i % 40))],
        "extreme T" => [new(0, 0, 1e-9), new(3, 1e5, 1e6), new(1, 1e-9, 2e-9), new(2, 5, 9), new(0, 0, 1e6)],
        "huge x" => [new(1_000_000, 30, 31), new(0, 0, 39), new(5, 20, 39), new(2_000_000, 38, 39)],
        "identical" => [.. Enumerable.Repeat(new CustomerSummary(2, 10, 20), 100)],
        _ => [new(0, 0, 0), new(1, 1, 1), new(0, 0, 1)],
    };

    private static PurchaseModel Fit(string model, CustomerSummary[] data, ClvFitOptions? options) =>
        model == "bgnbd" ? BgNbdModel.Fit(data, options) : ParetoNbdModel.Fit(data, options);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_ReturnsFiniteParametersAndPredictions(string model, string dataset)
    {
        var data = Data(dataset);
        foreach (var options in new[] { ClvFitOptions.Default, new ClvFitOptions { Prior = ClvPrior.Weak } })
        {
            var m = Fit(model, data, options);
            Assert.All(m.ParameterValues, v => Assert.True(double.IsFinite(v) && v > 0, $"{dataset}: parameter {v}"));
            Assert.True(double.IsFinite(m.Diagnostics!.LogLikelihood));
            if (options.Prior is not null)
                Assert.True(m.Diagnostics.Converged, $"{dataset} with prior: {m.Diagnostics.Warning}");
            else if (!m.Diagnostics.Converged)
                Assert.NotNull(m.Diagnostics.Warning);
            foreach (var c in data.Take(5))
            {
                Assert.InRange(m.ProbabilityAlive(c), 0, 1);
                Assert.InRange(m.ProbabilityNoPurchase(c, 10), 0, 1);
                var e = m.ExpectedPurchases(c, 10);
                Assert.True(double.IsFinite(e) && e >= 0, $"{dataset}: E[X] = {e}");
            }
        }
    }

    [Theory]
    [InlineData("bgnbd")]
    [InlineData("pareto")]
    public void Fit_AllZeroPurchases_WithoutPrior_WarnsThatTheRateIsNotIdentified(string model)
    {
        var m = Fit(model, Data("all x = 0"), null);
        Assert.False(m.Diagnostics!.Converged);
        Assert.Contains("prior", m.Diagnostics.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bgnbd")]
    [InlineData("pareto")]
    public void Fit_SingleDayOfHistory_IsAClearError(string model)
    {
        var e = Assert.Throws<ArgumentException>(() => Fit(model, [new(0, 0, 0), new(0, 0, 0)], null));
        Assert.Contains("single day", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Fit(model, [], null));
        Assert.Throws<ArgumentException>(() => Fit(model, [new(1, 5, 2)], null));
    }

    [Fact]
    public void GammaGamma_SmallAndAwkwardInputs()
    {
        var five = GammaGammaModel.Fit(Cdnow.SummaryCsv.Where(c => c.X > 0).Take(5).ToArray(), new ClvFitOptions { Prior = ClvPrior.Weak });
        Assert.True(five.Diagnostics!.Converged, five.Diagnostics.Warning);
        Assert.All(five.Parameters.ToArray(), v => Assert.True(double.IsFinite(v)));
        var huge = GammaGammaModel.Fit([new(1_000_000, 30, 31, 12.5), new(1, 3, 39, 1e6), new(3, 20, 39, 0.01)]);
        Assert.All(huge.Parameters.ToArray(), v => Assert.True(double.IsFinite(v) && v > 0));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new(0, 0, 5)]));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new(2, 3, 5, 0)]));
    }

    [Fact]
    public void Builder_MergesSameDayPurchasesAndExcludesTheFirstFromTheMeanValue()
    {
        var d = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Utc);
        var built = CustomerSummaryBuilder.Build(
            [
                new("a", d, 10), new("a", d.AddHours(5), 5), new("a", d.AddDays(7), 20), new("a", d.AddDays(7).AddHours(1), 2),
                new("a", d.AddDays(14), 30), new("a", d.AddDays(40), 99), new("b", d.AddDays(3), 7),
            ],
            DateOnly.FromDateTime(d.AddDays(21)), TimeSpan.FromDays(7), DateOnly.FromDateTime(d.AddDays(60)));
        Assert.Equal(new CustomerSummary(2, 2, 3, 26), built[0].Calibration);
        Assert.Equal(1, built[0].HoldoutPurchases);
        Assert.Equal(new CustomerSummary(0, 0, 18.0 / 7, 0), built[1].Calibration);
    }
}
