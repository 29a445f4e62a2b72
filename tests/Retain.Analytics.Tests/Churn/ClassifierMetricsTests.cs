using Retain.Analytics.Churn;

namespace Retain.Analytics.Tests.Churn;

public sealed class ClassifierMetricsTests
{
    // scores, labels (1 = positive), ROC AUC, average precision — each worked out by hand in the comment.
    public static TheoryData<double[], int[], double, double> Rankings => new()
    {
        // Positives 0.8 and 0.35 beat 3 of the 4 (positive, negative) pairs; AP = ½·1 + ½·⅔.
        { [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.75, 0.5 + 0.5 * 2 / 3 },
        // One tied group: every pair counts ½; one threshold with precision ½ at recall 1.
        { [0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0], 0.5, 0.5 },
        { [0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0], 1.0, 1.0 },
        // Reversed: AUC 0; AP = ½·⅓ + ½·½.
        { [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0.0, 0.5 / 3 + 0.25 },
        // A positive tied with a negative at 0.5: pairs 1 + 1 + ½ + 1 of 4; AP = ½·1 + ½·⅔.
        { [0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0], 0.875, 0.5 + 0.5 * 2 / 3 },
    };

    [Theory]
    [MemberData(nameof(Rankings))]
    public void RocAucAndAveragePrecision_MatchHandComputedValues(double[] scores, int[] labels, double auc, double ap)
    {
        var y = labels.Select(l => l == 1).ToArray();
        Assert.Equal(auc, ClassifierMetrics.RocAuc(scores, y), 12);
        Assert.Equal(ap, ClassifierMetrics.AveragePrecision(scores, y), 12);
    }

    [Fact]
    public void Brier_IsTheMeanSquaredError()
    {
        // (0.1² + 0.4² + 0.65² + 0.2²) / 4
        var y = new[] { false, false, true, true };
        Assert.Equal(0.158125, ClassifierMetrics.Brier([0.1, 0.4, 0.35, 0.8], y), 12);
    }

    [Fact]
    public void LogLoss_IsTheMeanNegativeLogLikelihood()
    {
        var y = new[] { false, false, true, true };
        var expected = -(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4;
        Assert.Equal(expected, ClassifierMetrics.LogLoss([0.1, 0.4, 0.35, 0.8], y), 12);
        // A confident miss is clipped at 1e-15, not infinite.
        Assert.Equal(-Math.Log(1e-15), ClassifierMetrics.LogLoss([0.0], [true]), 6);
    }

    [Fact]
    public void CalibrationBins_GroupByPredictedProbability()
    {
        var bins = ClassifierMetrics.CalibrationBins([0.05, 0.15, 0.12, 0.95, 1.0], [false, true, false, true, true], 10);
        Assert.Equal(10, bins.Length);
        Assert.Equal((1, 0.05, 0.0), (bins[0].Count, bins[0].MeanPredicted, bins[0].ObservedRate));
        Assert.Equal(2, bins[1].Count);
        Assert.Equal(0.135, bins[1].MeanPredicted, 12);
        Assert.Equal(0.5, bins[1].ObservedRate, 12);
        Assert.Equal((2, 0.975, 1.0), (bins[9].Count, bins[9].MeanPredicted, bins[9].ObservedRate));
        Assert.Equal(0, bins[5].Count);
        Assert.True(double.IsNaN(bins[5].MeanPredicted));
    }

    [Fact]
    public void Report_ComputesTheBaseRate()
    {
        var r = ClassifierReport.Of([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
        Assert.Equal((4, 0.5, 0.75), (r.Count, r.BaseRate, r.RocAuc));
    }

    [Fact]
    public void Metrics_RejectMismatchedLengths() =>
        Assert.Throws<ArgumentException>(() => ClassifierMetrics.RocAuc([0.1, 0.2], [true]));
}
