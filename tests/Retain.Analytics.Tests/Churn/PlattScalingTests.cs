using Retain.Analytics.Churn;

namespace Retain.Analytics.Tests.Churn;

public sealed class PlattScalingTests
{
    [Fact]
    public void Fit_RecoversTheSmoothedRatePerScore()
    {
        // 1 in 4 positive at score −1, 3 in 4 at +1. Platt's targets are 5/6 and 1/6 for 4 positives and 4 negatives,
        // so the exact fit gives (5/6 + 3·1/6)/4 = 1/3 at −1 and (3·5/6 + 1/6)/4 = 2/3 at +1.
        double[] scores = [-1, -1, -1, -1, 1, 1, 1, 1];
        bool[] labels = [true, false, false, false, true, true, true, false];
        var platt = PlattScaling.Fit(scores, labels);
        Assert.Equal(1 / 3.0, platt.Probability(-1), 6);
        Assert.Equal(2 / 3.0, platt.Probability(1), 6);
        Assert.Equal(0, platt.B, 6);
    }

    [Fact]
    public void Fit_StaysFiniteOnSeparableData()
    {
        var platt = PlattScaling.Fit([-3, -2, -1, 1, 2, 3], [false, false, false, true, true, true]);
        Assert.True(double.IsFinite(platt.A) && double.IsFinite(platt.B));
        Assert.InRange(platt.Probability(3), 0.5, 1 - 1e-6);
        Assert.InRange(platt.Probability(-3), 1e-6, 0.5);
    }
}
