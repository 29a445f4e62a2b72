namespace Retain.Analytics.Churn;

/// <summary>How the churn model is trained: the label window, the past snapshots it learns from, and the trees.</summary>
public sealed record ChurnOptions
{
    /// <summary>Churned = no order in [T, T + Window). Any horizon; 90 days by default.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Months between consecutive training snapshots, counted back from the scoring time.</summary>
    public int SnapshotSpacingMonths { get; init; } = 1;

    /// <summary>At most this many past snapshots are stacked for training (the most recent ones).</summary>
    public int MaxSnapshots { get; init; } = 24;

    /// <summary>A training snapshot needs at least this much history before it.</summary>
    public TimeSpan MinimumHistory { get; init; } = TimeSpan.FromDays(60);

    /// <summary>Snapshot folds of the cross-fitting whose held-out scores the Platt calibration is fitted on.</summary>
    public int CalibrationFolds { get; init; } = 3;

    /// <summary>
    /// Shift the calibrated log-odds so that the snapshot one year before the scoring time, scored by trees that did
    /// not see it, matches its observed churn rate: seasonal shops churn more in some months than the average snapshot.
    /// </summary>
    public bool SeasonalAdjustment { get; init; } = true;

    /// <summary>The year-earlier snapshot is only trusted with this much history behind it (young data looks loyal).</summary>
    public TimeSpan SeasonalMinimumHistory { get; init; } = TimeSpan.FromDays(180);

    public int Trees { get; init; } = 200;
    public int Leaves { get; init; } = 15;
    public double LearningRate { get; init; } = 0.05;
    public int MinimumLeafSize { get; init; } = 100;

    /// <summary>Features left out of the model (e.g. to measure what one adds).</summary>
    public IReadOnlySet<ChurnFeature> ExcludedFeatures { get; init; } = new HashSet<ChurnFeature>();

    /// <summary>Seed of ML.NET and LightGBM: with one training thread the model is reproducible bit for bit.</summary>
    public int Seed { get; init; } = 20240601;
}
