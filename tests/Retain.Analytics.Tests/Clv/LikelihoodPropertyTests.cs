using Retain.Analytics.Clv;

namespace Retain.Analytics.Tests.Clv;

/// <summary>Properties of the likelihoods that must hold at any parameters, not just at the CDNOW optimum.</summary>
public sealed class LikelihoodPropertyTests
{
    public static TheoryData<string, int> GradientCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in new[] { "bgnbd", "pareto", "gammagamma" })
            for (var seed = 1; seed <= 6; seed++)
                data.Add(model, seed);
        return data;
    }

    private static ILikelihood Likelihood(string model, CustomerSummary[] data) => model switch
    {
        "bgnbd" => new BgNbdLikelihood(new SummaryArrays(data)),
        "pareto" => new ParetoNbdLikelihood(new SummaryArrays(data)),
        _ => new GammaGammaLikelihood(data),
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void AnalyticGradient_MatchesFiniteDifferences(string model, int seed)
    {
        var rng = new Random(seed);
        var likelihood = Likelihood(model, Cdnow.SummaryCsv);
        var k = model == "gammagamma" ? 3 : 4;
        // ln θ uniform on [−3, 3] around a data-scaled centre: includes α ≫ β and β ≫ α for Pareto/NBD.
        double[] centre = model == "gammagamma" ? [1, 1, 15] : [0.5, 10, 1, 10];
        var theta = centre.Select(c => c * Math.Exp(6 * rng.NextDouble() - 3)).ToArray();
        var gradient = new double[k];
        likelihood.Evaluate(theta, gradient, parallel: true);
        for (var j = 0; j < k; j++)
        {
            const double h = 1e-5;
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[j] *= Math.Exp(h);
            down[j] *= Math.Exp(-h);
            var fd = (likelihood.Evaluate(up, new double[k], true) - likelihood.Evaluate(down, new double[k], true)) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[j]) <= 1e-3 + 1e-6 * Math.Abs(fd),
                $"{model} θ=[{string.Join(", ", theta)}] d/dlnθ{j}: analytic {gradient[j]} vs finite difference {fd}");
        }
    }

    [Fact]
    public void TimeUnit_DaysVersusWeeks_ScalesOnlyTheRateParameters()
    {
        var days = CustomerSummaryBuilder.Build(Cdnow.Transactions, Cdnow.CalibrationEnd, TimeSpan.FromDays(1))
            .Select(c => c.Calibration).ToArray();
        var weeks = Cdnow.Summaries;
        var sumX = weeks.Sum(c => c.X);

        var bgWeeks = BgNbdModel.Fit(weeks);
        var bgDays = BgNbdModel.Fit(days);
        Clvs.AssertSignificant(bgWeeks.Parameters.R, bgDays.Parameters.R, 5);
        Clvs.AssertSignificant(7 * bgWeeks.Parameters.Alpha, bgDays.Parameters.Alpha, 5);
        Clvs.AssertSignificant(bgWeeks.Parameters.A, bgDays.Parameters.A, 5);
        Clvs.AssertSignificant(bgWeeks.Parameters.B, bgDays.Parameters.B, 5);
        // Each of the x purchase times is a density in the time unit: ln L(days) = ln L(weeks) − Σx·ln 7.
        Assert.Equal(bgWeeks.Diagnostics!.LogLikelihood - sumX * Math.Log(7), bgDays.Diagnostics!.LogLikelihood, 1e-4);

        var pWeeks = ParetoNbdModel.Fit(weeks);
        var pDays = ParetoNbdModel.Fit(days);
        Clvs.AssertSignificant(pWeeks.Parameters.R, pDays.Parameters.R, 4);
        Clvs.AssertSignificant(7 * pWeeks.Parameters.Alpha, pDays.Parameters.Alpha, 4);
        Clvs.AssertSignificant(pWeeks.Parameters.S, pDays.Parameters.S, 4);
        Clvs.AssertSignificant(7 * pWeeks.Parameters.Beta, pDays.Parameters.Beta, 4);
        Assert.Equal(pWeeks.Diagnostics!.LogLikelihood - sumX * Math.Log(7), pDays.Diagnostics!.LogLikelihood, 1e-4);
    }

    public static TheoryData<string> Models => ["bgnbd", "pareto"];

    [Theory]
    [MemberData(nameof(Models))]
    public void ProbabilityAlive_FallsAsTheLastPurchaseRecedes(string name)
    {
        PurchaseModel model = name == "bgnbd" ? Cdnow.LifetimesBgNbd : Cdnow.LifetimesParetoNbd;
        foreach (var x in new[] { 1, 2, 5, 20 })
        {
            var previous = double.PositiveInfinity;
            for (var gap = 0.0; gap <= 38; gap += 0.5)
            {
                var alive = model.ProbabilityAlive(new CustomerSummary(x, 38.86 - gap, 38.86));
                Assert.InRange(alive, 0, 1);
                Assert.True(alive <= previous + 1e-12, $"x={x} gap={gap}: {alive} > {previous}");
                previous = alive;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ExpectedPurchases_GrowWithTheHorizon(string name)
    {
        PurchaseModel model = name == "bgnbd" ? Cdnow.LifetimesBgNbd : Cdnow.LifetimesParetoNbd;
        var c = new CustomerSummary(3, 25, 38.86);
        var previous = 0.0;
        foreach (var t in new[] { 0.1, 1, 10, 39, 100, 1000 })
        {
            var e = model.ExpectedPurchases(c, t);
            Assert.True(e > previous, $"E[X({t})] = {e} not above {previous}");
            previous = e;
        }
    }

    [Fact]
    public void FitIsDeterministic_SerialOrParallel()
    {
        var serial = BgNbdModel.Fit(Cdnow.SummaryCsv, new ClvFitOptions { Parallel = false });
        var parallel = BgNbdModel.Fit(Cdnow.SummaryCsv);
        Assert.Equal(serial.Parameters, parallel.Parameters);
    }
}
