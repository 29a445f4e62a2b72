using Retain.Analytics.Churn;

namespace Retain.Analytics.Tests.Churn;

public sealed class ClassifierCurvesTests
{
    private static (double[] Scores, bool[] Labels) Sample()
    {
        var rng = new Random(7);
        var labels = Enumerable.Range(0, 2_000).Select(_ => rng.NextDouble() < 0.4).ToArray();
        // Informative but noisy scores, rounded so that ties occur.
        var scores = labels.Select(l => Math.Round(Math.Clamp((l ? 0.6 : 0.4) + 0.25 * (rng.NextDouble() - 0.5) * 2, 0, 1), 2)).ToArray();
        return (scores, labels);
    }

    [Fact]
    public void Roc_RunsCornerToCorner_AndItsAreaIsTheAuc()
    {
        var (scores, labels) = Sample();
        var roc = ClassifierCurves.Roc(scores, labels, points: int.MaxValue);
        Assert.Equal(new CurvePoint(0, 0), roc[0]);
        Assert.Equal(new CurvePoint(1, 1), roc[^1]);
        double area = 0;
        for (var i = 1; i < roc.Length; i++)
            area += (roc[i].X - roc[i - 1].X) * (roc[i].Y + roc[i - 1].Y) / 2;
        Assert.Equal(ClassifierMetrics.RocAuc(scores, labels), area, 12);
        var thinned = ClassifierCurves.Roc(scores, labels);
        Assert.Equal(Math.Min(101, roc.Length), thinned.Length);
        Assert.Equal(roc[0], thinned[0]);
        Assert.Equal(roc[^1], thinned[^1]);
    }

    [Fact]
    public void PrecisionRecall_EndsAtFullRecall_WithTheBaseRate()
    {
        var (scores, labels) = Sample();
        var pr = ClassifierCurves.PrecisionRecall(scores, labels);
        Assert.Equal(1, pr[^1].X, 12);
        Assert.Equal(labels.Count(l => l) / (double)labels.Length, pr[^1].Y, 12);
        Assert.All(pr.Zip(pr.Skip(1)), p => Assert.True(p.Second.X >= p.First.X));
    }

    [Fact]
    public void Quantiles_AreEqualSizedAndSorted_AndAverageBack()
    {
        var (scores, labels) = Sample();
        var deciles = ClassifierCurves.Quantiles(scores, labels);
        Assert.Equal(10, deciles.Length);
        Assert.All(deciles, d => Assert.Equal(200, d.Count));
        Assert.Equal(deciles.Select(d => d.MeanPredicted).Order(), deciles.Select(d => d.MeanPredicted));
        Assert.Equal(scores.Average(), deciles.Average(d => d.MeanPredicted), 12);
        Assert.Equal(labels.Count(l => l) / (double)labels.Length, deciles.Average(d => d.ObservedRate), 12);
    }
}
