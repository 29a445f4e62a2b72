namespace Retain.Analytics.Churn;

/// <summary>
/// Platt scaling: P(churn) = 1 / (1 + exp(−(A·score + B))), fitted by Newton's method on held-out scores with
/// Platt's smoothed targets, so a perfectly separated calibration set still gives finite A and B.
/// </summary>
public readonly record struct PlattScaling(double A, double B)
{
    /// <param name="shift">Log-odds added after scaling (a known shift of the base rate).</param>
    public double Probability(double score, double shift = 0) => 1 / (1 + Math.Exp(-(A * score + B + shift)));

    public static PlattScaling Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length || scores.Length == 0)
            throw new ArgumentException("Platt scaling needs as many labels as scores, and at least one");
        double positives = 0;
        foreach (var l in labels)
            positives += l ? 1 : 0;
        var negatives = labels.Length - positives;
        double hi = (positives + 1) / (positives + 2), lo = 1 / (negatives + 2);
        double a = 0, b = 0;
        var loss = Loss(scores, labels, a, b, hi, lo);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the log-loss in (a, b).
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                var p = 1 / (1 + Math.Exp(-(a * scores[i] + b)));
                var d = p - (labels[i] ? hi : lo);
                var w = Math.Max(p * (1 - p), 1e-12);
                ga += d * scores[i];
                gb += d;
                haa += w * scores[i] * scores[i];
                hab += w * scores[i];
                hbb += w;
            }
            haa += 1e-9;
            hbb += 1e-9;
            var det = haa * hbb - hab * hab;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            // Newton step, halved until the loss goes down (plain Newton can overshoot on skewed scores).
            var step = 1.0;
            double next;
            while ((next = Loss(scores, labels, a - step * da, b - step * db, hi, lo)) > loss && step > 1e-8)
                step /= 2;
            if (next > loss)
                break;
            a -= step * da;
            b -= step * db;
            var improved = loss - next;
            loss = next;
            if (improved < 1e-12 * scores.Length)
                break;
        }
        return new PlattScaling(a, b);
    }

    private static double Loss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, double a, double b, double hi, double lo)
    {
        double sum = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var z = a * scores[i] + b;
            var t = labels[i] ? hi : lo;
            // −[t·log σ(z) + (1−t)·log(1−σ(z))] = log(1 + e^z) − t·z, computed without overflow.
            sum += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - t * z;
        }
        return sum;
    }
}
