namespace Retain.Analytics.Churn;

/// <summary>One reason behind a customer's churn score: the feature, its share of the score (log-odds) and a sentence.</summary>
public sealed record ChurnReason(ChurnFeature Feature, double Contribution, string Text);

/// <summary>A customer's calibrated probability of no order in the window after the snapshot, with the top reasons.</summary>
public sealed record ChurnPrediction(string CustomerId, double Probability, IReadOnlyList<ChurnReason> Reasons);

/// <summary>
/// Gradient-boosted trees over <see cref="ChurnFeature"/>s, trained out of time: on past snapshots whose label
/// window has closed by the training time, with probabilities calibrated (Platt) on snapshots the trees did not see.
/// </summary>
public sealed class ChurnModel
{
    private readonly GradientBoostedTrees _trees;

    private ChurnModel(GradientBoostedTrees trees, PlattScaling calibration, double seasonalShift, ChurnOptions options, IReadOnlyList<DateTime> snapshots, DateTime trainedAt)
    {
        _trees = trees;
        Calibration = calibration;
        SeasonalShift = seasonalShift;
        Options = options;
        TrainingSnapshots = snapshots;
        TrainedAt = trainedAt;
    }

    public ChurnOptions Options { get; }
    public PlattScaling Calibration { get; }

    /// <summary>Log-odds added for the season of <see cref="TrainedAt"/>, learnt on the snapshot one year earlier (0 = none).</summary>
    public double SeasonalShift { get; }

    /// <summary>The past snapshots the model learnt from (including those used only for calibration).</summary>
    public IReadOnlyList<DateTime> TrainingSnapshots { get; }

    /// <summary>Nothing at or after this time was used.</summary>
    public DateTime TrainedAt { get; }

    /// <summary>
    /// Trains on snapshots T = <paramref name="asOf"/> − k months whose label window [T, T + window) ends at or before
    /// <paramref name="asOf"/>: only what was known at <paramref name="asOf"/> is used, whatever the history holds.
    /// </summary>
    public static ChurnModel Train(ChurnHistory history, DateTime asOf, ChurnOptions? options = null)
    {
        options ??= new ChurnOptions();
        var times = TrainingTimes(history, asOf, options);
        if (times.Count < 2)
            throw new ArgumentException($"too little history before {asOf:yyyy-MM-dd} for out-of-time training: need two past snapshots whose {options.Window.TotalDays:0}-day window has closed");
        var sets = times.Select(t => LabelledSnapshot.Build(history, t, options)).ToArray();

        // Cross-fitting: each snapshot is scored by trees that never saw it; Platt scaling is fitted on those scores.
        var folds = Math.Min(options.CalibrationFolds, sets.Length);
        var heldOut = new double[sets.Length][];
        for (var f = 0; f < folds; f++)
        {
            var foldTrees = Fit([.. sets.Where((_, i) => i % folds != f)], options);
            for (var i = f; i < sets.Length; i += folds)
                heldOut[i] = foldTrees.Score(sets[i].Rows);
        }
        var platt = PlattScaling.Fit([.. heldOut.SelectMany(s => s)], [.. sets.SelectMany(s => s.Labels)]);
        var shift = 0.0;
        var season = times.IndexOf(asOf.AddYears(-1));
        if (options.SeasonalAdjustment && season >= 0 && times[season] - history.Start >= options.SeasonalMinimumHistory)
            shift = FitSeasonalShift(platt, heldOut[season], sets[season].Labels);
        var trees = Fit(sets, options);
        return new ChurnModel(trees, platt, shift, options, times, asOf);
    }

    /// <summary>
    /// The log-odds shift that makes the held-out predictions of the snapshot one year before match its observed churn
    /// rate: how much more or less churn this season brings than the pooled snapshots taught (a prior-shift correction).
    /// </summary>
    private static double FitSeasonalShift(PlattScaling platt, double[] scores, bool[] labels)
    {
        var observed = labels.Count(l => l) / (double)labels.Length;
        double lo = -5, hi = 5;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var mid = (lo + hi) / 2;
            var mean = scores.Average(s => platt.Probability(s, mid));
            if (mean < observed)
                lo = mid;
            else
                hi = mid;
        }
        return (lo + hi) / 2;
    }


    /// <summary>Calibrated churn probabilities for everyone with an order before <paramref name="snapshot"/>, with the top <paramref name="reasons"/>.</summary>
    public IReadOnlyList<ChurnPrediction> Predict(ChurnHistory history, DateTime snapshot, int reasons = 3) =>
        Predict(ChurnFeatures.Build(history, snapshot, Options.Window), reasons);

    public IReadOnlyList<ChurnPrediction> Predict(ChurnSnapshot snapshot, int reasons = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reasons);
        var rows = Masked(snapshot.Rows, Options);
        var scores = _trees.Score(rows);
        var contributions = reasons > 0 ? _trees.Contributions(rows) : [];
        var result = new ChurnPrediction[snapshot.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var why = reasons > 0
                ? ChurnReasons.Top(snapshot.Row(i), contributions.AsSpan(i * ChurnFeatures.Count, ChurnFeatures.Count), reasons, Options.Window)
                : [];
            result[i] = new ChurnPrediction(snapshot.CustomerIds[i], Calibration.Probability(scores[i], SeasonalShift), why);
        }
        return result;
    }

    /// <summary>The past snapshots <see cref="Train"/> learns from at <paramref name="asOf"/>, most recent first.</summary>
    public static List<DateTime> TrainingTimes(ChurnHistory history, DateTime asOf, ChurnOptions options)
    {
        var times = new List<DateTime>();
        for (var k = 1; times.Count < options.MaxSnapshots; k++)
        {
            var t = asOf.AddMonths(-k * options.SnapshotSpacingMonths);
            if (t - history.Start < options.MinimumHistory)
                break;
            if (t + options.Window <= asOf)
                times.Add(t);
        }
        return times;
    }

    private static GradientBoostedTrees Fit(LabelledSnapshot[] sets, ChurnOptions options)
    {
        var rows = sets.SelectMany(s => s.Rows).ToArray();
        var labels = sets.SelectMany(s => s.Labels).ToArray();
        return GradientBoostedTrees.Train(rows, labels, [.. labels.Select(_ => 1f)], options);
    }

    /// <summary>Excluded features become missing values, which the trees cannot split on.</summary>
    internal static float[] Masked(float[] rows, ChurnOptions options)
    {
        if (options.ExcludedFeatures.Count == 0)
            return rows;
        var copy = (float[])rows.Clone();
        for (var i = 0; i < copy.Length; i += ChurnFeatures.Count)
        {
            foreach (var f in options.ExcludedFeatures)
                copy[i + (int)f] = float.NaN;
        }
        return copy;
    }

    private sealed record LabelledSnapshot(float[] Rows, bool[] Labels)
    {
        public static LabelledSnapshot Build(ChurnHistory history, DateTime time, ChurnOptions options)
        {
            var snapshot = ChurnFeatures.Build(history, time, options.Window);
            return new LabelledSnapshot(Masked(snapshot.Rows, options), ChurnFeatures.Labels(history, snapshot));
        }
    }
}
