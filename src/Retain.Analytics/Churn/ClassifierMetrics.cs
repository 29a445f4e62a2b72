namespace Retain.Analytics.Churn;

/// <summary>One bin of a calibration (reliability) table: predictions in [Lower, Upper), their mean and the observed rate.</summary>
public readonly record struct CalibrationBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>The usual figures of a probabilistic binary classifier, label true = positive (here: churned).</summary>
public sealed record ClassifierReport(int Count, double BaseRate, double RocAuc, double AveragePrecision, double Brier, double LogLoss)
{
    public static ClassifierReport Of(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        var positives = 0;
        foreach (var l in labels)
            positives += l ? 1 : 0;
        return new ClassifierReport(labels.Length, labels.Length == 0 ? double.NaN : positives / (double)labels.Length,
            ClassifierMetrics.RocAuc(probabilities, labels), ClassifierMetrics.AveragePrecision(probabilities, labels),
            ClassifierMetrics.Brier(probabilities, labels), ClassifierMetrics.LogLoss(probabilities, labels));
    }
}

/// <summary>Ranking and calibration metrics as pure functions over scores and labels (true = positive).</summary>
public static class ClassifierMetrics
{
    /// <summary>Area under the ROC curve: P(a random positive scores above a random negative), ties counting ½.</summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        Check(scores, labels);
        var order = SortedDescending(scores);
        double positives = 0, negatives = 0, pairs = 0;
        // Walk groups of tied scores from the top: a positive beats every negative below its group, ties count ½.
        double negativesBelow = 0;
        foreach (var l in labels)
            negativesBelow += l ? 0 : 1;
        negatives = negativesBelow;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            double p = 0, n = 0;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                if (labels[order[end]]) p++;
                else n++;
                end++;
            }
            negativesBelow -= n;
            pairs += p * (negativesBelow + 0.5 * n);
            positives += p;
            start = end;
        }
        return positives == 0 || negatives == 0 ? double.NaN : pairs / (positives * negatives);
    }

    /// <summary>
    /// Average precision (area under the precision-recall curve as scikit-learn computes it): Σ over distinct score
    /// thresholds, from the top, of (recall gained) × (precision at that threshold).
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        Check(scores, labels);
        var order = SortedDescending(scores);
        double total = 0;
        foreach (var l in labels)
            total += l ? 1 : 0;
        if (total == 0)
            return double.NaN;
        double tp = 0, seen = 0, ap = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            double gained = 0;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                gained += labels[order[end]] ? 1 : 0;
                end++;
            }
            tp += gained;
            seen += end - start;
            ap += gained / total * (tp / seen);
            start = end;
        }
        return ap;
    }

    /// <summary>Mean squared difference between the probability and the outcome (0 or 1).</summary>
    public static double Brier(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        Check(probabilities, labels);
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var d = probabilities[i] - (labels[i] ? 1 : 0);
            sum += d * d;
        }
        return labels.Length == 0 ? double.NaN : sum / labels.Length;
    }

    /// <summary>Mean negative log-likelihood (natural log), probabilities clipped to [1e-15, 1 − 1e-15].</summary>
    public static double LogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        Check(probabilities, labels);
        const double eps = 1e-15;
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], eps, 1 - eps);
            sum -= Math.Log(labels[i] ? p : 1 - p);
        }
        return labels.Length == 0 ? double.NaN : sum / labels.Length;
    }

    /// <summary>Equal-width bins over [0, 1]; 1.0 falls in the last bin; empty bins are kept with NaN means.</summary>
    public static CalibrationBin[] CalibrationBins(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, int bins = 10)
    {
        Check(probabilities, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var predicted = new double[bins];
        var observed = new double[bins];
        for (var i = 0; i < labels.Length; i++)
        {
            var b = Math.Clamp((int)(probabilities[i] * bins), 0, bins - 1);
            count[b]++;
            predicted[b] += probabilities[i];
            observed[b] += labels[i] ? 1 : 0;
        }
        var result = new CalibrationBin[bins];
        for (var b = 0; b < bins; b++)
        {
            result[b] = new CalibrationBin(b / (double)bins, (b + 1) / (double)bins, count[b],
                count[b] == 0 ? double.NaN : predicted[b] / count[b], count[b] == 0 ? double.NaN : observed[b] / count[b]);
        }
        return result;
    }

    private static int[] SortedDescending(ReadOnlySpan<double> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        var keys = new double[scores.Length];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = -scores[i];
        Array.Sort(keys, order);
        return order;
    }

    private static void Check(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        foreach (var s in scores)
        {
            if (double.IsNaN(s))
                throw new ArgumentException("a score is NaN");
        }
    }
}
