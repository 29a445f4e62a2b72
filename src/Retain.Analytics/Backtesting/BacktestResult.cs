using Retain.Analytics.Churn;

namespace Retain.Analytics.Backtesting;

/// <summary>
/// A back-test: every model fitted on the calibration period [first order, cutoff) and checked against the holdout
/// period [cutoff, holdout end). Purchases are counted as purchase days (same-day orders merge), times in weeks.
/// </summary>
public sealed record BacktestResult(
    BacktestPeriod Period,
    IReadOnlyList<PurchaseModelBacktest> PurchaseModels,
    SpendModelBacktest? Spend,
    string? SpendError,
    IReadOnlyList<TrackingPoint> Tracking,
    IReadOnlyList<FrequencyGroup> ConditionalExpectations,
    ChurnBacktest? Churn,
    string? ChurnError);

/// <param name="Start">Day of the first order in the data.</param>
/// <param name="Cutoff">First day of the holdout (the calibration period ends the day before).</param>
/// <param name="HoldoutEnd">First day after the holdout.</param>
/// <param name="Customers">Customers with a first order before the cutoff: the population of every figure.</param>
/// <param name="CalibrationRepeatPurchases">Σ x: repeat purchase days in calibration.</param>
/// <param name="HoldoutPurchases">Purchase days of the population in the holdout (the figure the models predict).</param>
public sealed record BacktestPeriod(
    DateOnly Start,
    DateOnly Cutoff,
    DateOnly HoldoutEnd,
    int HoldoutDays,
    int Customers,
    int Repeaters,
    long CalibrationRepeatPurchases,
    long HoldoutPurchases,
    string Currency);

/// <summary>A fitted parameter with its standard error (NaN when the Hessian was singular).</summary>
public sealed record ParameterEstimate(string Name, double Value, double StandardError);

/// <summary>One purchase model: its fit on calibration and its holdout error.</summary>
/// <param name="PredictedHoldout">Σ over customers of E[X(holdout) | calibration].</param>
/// <param name="MeanAbsoluteError">Mean over customers of |E[X] − actual holdout purchases|.</param>
public sealed record PurchaseModelBacktest(
    string Name,
    IReadOnlyList<ParameterEstimate> Parameters,
    double LogLikelihood,
    bool Converged,
    int Iterations,
    string? Warning,
    double PredictedHoldout,
    long ActualHoldout,
    double MeanAbsoluteError,
    double RootMeanSquaredError);

/// <summary>The Gamma-Gamma spend model: its fit on the calibration repeaters and its check on holdout spend.</summary>
/// <param name="HoldoutCustomers">Customers with a purchase in the holdout, whose mean holdout spend per purchase day is compared.</param>
/// <param name="MeanAbsoluteError">Mean |predicted − actual| spend per purchase over those customers.</param>
public sealed record SpendModelBacktest(
    IReadOnlyList<ParameterEstimate> Parameters,
    double LogLikelihood,
    bool Converged,
    int Customers,
    double PopulationMeanSpend,
    int HoldoutCustomers,
    double MeanPredictedSpend,
    double MeanActualSpend,
    double MeanAbsoluteError);

/// <summary>Cumulative repeat purchases of the population at the end of a week: actual, and expected by each purchase model (same order as <see cref="BacktestResult.PurchaseModels"/>).</summary>
public sealed record TrackingPoint(int Week, DateOnly End, long Actual, IReadOnlyList<double> Expected);

/// <summary>Customers with calibration frequency x (the last group is "x or more"): actual and predicted mean holdout purchases.</summary>
public sealed record FrequencyGroup(string Frequency, int Customers, double ActualMean, IReadOnlyList<double> PredictedMeans);

/// <summary>
/// The churn model against the label-free BG/NBD baseline on the same customers: churned = no order in the holdout.
/// </summary>
public sealed record ChurnBacktest(
    int TrainingSnapshots,
    double SeasonalShift,
    ClassifierReport Model,
    ClassifierReport Baseline,
    IReadOnlyList<CalibrationGroup> ModelCalibration,
    IReadOnlyList<CalibrationGroup> BaselineCalibration,
    IReadOnlyList<CurvePoint> ModelRoc,
    IReadOnlyList<CurvePoint> BaselineRoc,
    IReadOnlyList<CurvePoint> ModelPrecisionRecall,
    IReadOnlyList<CurvePoint> BaselinePrecisionRecall);
