namespace Retain.Analytics.Churn;

/// <summary>One point of a ROC curve (false-positive rate, true-positive rate) or a PR curve (recall, precision).</summary>
public readonly record struct CurvePoint(double X, double Y);

/// <summary>One group of a quantile calibration table: how many customers, their mean prediction and the observed rate.</summary>
public readonly record struct CalibrationGroup(int Count, double MeanPredicted, double ObservedRate);

/// <summary>The curves behind <see cref="ClassifierMetrics"/>, thinned to a size a report can draw.</summary>
public static class ClassifierCurves
{
    /// <summary>ROC curve from (0, 0) to (1, 1), one point per distinct score, thinned to about <paramref name="points"/>.</summary>
    public static CurvePoint[] Roc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int points = 101)
    {
        var (tp, fp) = Cumulative(scores, labels);
        double positives = tp[^1], negatives = fp[^1];
        if (positives == 0 || negatives == 0)
            return [];
        return Thin([new(0, 0), .. Enumerable.Range(0, tp.Length).Select(i => new CurvePoint(fp[i] / negatives, tp[i] / positives))], points);
    }

    /// <summary>Precision-recall curve, one point per distinct score threshold from the top, thinned.</summary>
    public static CurvePoint[] PrecisionRecall(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int points = 101)
    {
        var (tp, fp) = Cumulative(scores, labels);
        double positives = tp[^1];
        if (positives == 0)
            return [];
        return Thin([.. Enumerable.Range(0, tp.Length).Select(i => new CurvePoint(tp[i] / positives, tp[i] / (tp[i] + fp[i])))], points);
    }

    /// <summary>
    /// Customers sorted by prediction and cut into <paramref name="groups"/> groups of (nearly) equal size — deciles by
    /// default —, each with its mean prediction and observed rate: a calibrated model's points lie on the diagonal.
    /// </summary>
    public static CalibrationGroup[] Quantiles(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, int groups = 10)
    {
        if (probabilities.Length != labels.Length)
            throw new ArgumentException($"{probabilities.Length} probabilities but {labels.Length} labels");
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        var order = Enumerable.Range(0, probabilities.Length).ToArray();
        var keys = probabilities.ToArray();
        Array.Sort(keys, order);
        var result = new List<CalibrationGroup>(groups);
        for (var g = 0; g < groups; g++)
        {
            int start = (int)((long)g * order.Length / groups), end = (int)((long)(g + 1) * order.Length / groups);
            if (end == start)
                continue;
            double predicted = 0, observed = 0;
            for (var i = start; i < end; i++)
            {
                predicted += keys[i];
                observed += labels[order[i]] ? 1 : 0;
            }
            result.Add(new CalibrationGroup(end - start, predicted / (end - start), observed / (end - start)));
        }
        return [.. result];
    }

    /// <summary>Cumulative true and false positives at the end of each group of tied scores, from the highest score down.</summary>
    private static (double[] Tp, double[] Fp) Cumulative(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var keys = new double[scores.Length];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = -scores[i];
        Array.Sort(keys, order);
        var tp = new List<double>();
        var fp = new List<double>();
        double t = 0, f = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (labels[order[i]])
                t++;
            else
                f++;
            if (i == order.Length - 1 || keys[i + 1] != keys[i])
            {
                tp.Add(t);
                fp.Add(f);
            }
        }
        if (tp.Count == 0)
            return ([0], [0]);
        return ([.. tp], [.. fp]);
    }

    private static CurvePoint[] Thin(CurvePoint[] curve, int points)
    {
        if (curve.Length <= points)
            return curve;
        // Evenly spaced indices, always keeping both ends.
        return [.. Enumerable.Range(0, points).Select(k => curve[(int)Math.Round(k * (curve.Length - 1) / (double)(points - 1))])];
    }
}
