using System.Globalization;

namespace Retain.Core.Predict;

/// <summary>
/// Every word of the back-test report in one language, with the culture its numbers and dates are written in. The
/// English text lives here, the Polish in <c>BacktestReportText.Polish.cs</c>; composite strings are .NET format strings
/// (<c>{0:N0}</c>) formatted in <see cref="Culture"/>, so a translation can reorder its numbers.
/// </summary>
public sealed partial record BacktestReportText
{
    /// <summary>The HTML <c>lang</c> of the words (the English text's culture is the invariant one).</summary>
    public required string Language { get; init; }
    public required CultureInfo Culture { get; init; }
    public required string DateFormat { get; init; }
    public required string Thousands { get; init; }
    public required string Millions { get; init; }

    public required string PageTitle { get; init; }
    public required string PageHeading { get; init; }
    public required string PeriodLine { get; init; }
    public required string CountsLine { get; init; }
    public required string HowToRead { get; init; }

    public required string HoldoutHeading { get; init; }
    public required IReadOnlyList<string> HoldoutHeaders { get; init; }
    public required string SpendNote { get; init; }
    public required string NoSpendModel { get; init; }

    public required string TrackingHeading { get; init; }
    public required string TrackingNote { get; init; }
    public required string TrackingChart { get; init; }
    public required string TrackingX { get; init; }
    public required string TrackingY { get; init; }
    public required string CutoffMarker { get; init; }
    public required string Actual { get; init; }
    public required string TrackingTable { get; init; }
    public required IReadOnlyList<string> TrackingHeaders { get; init; }

    public required string FrequencyHeading { get; init; }
    public required string FrequencyNote { get; init; }
    public required string FrequencyChart { get; init; }
    public required string FrequencyX { get; init; }
    public required string FrequencyY { get; init; }
    public required IReadOnlyList<string> FrequencyHeaders { get; init; }

    public required string ParametersHeading { get; init; }
    public required string ParametersNote { get; init; }
    public required IReadOnlyList<string> ParameterHeaders { get; init; }
    public required string SpendModelRow { get; init; }
    public required string Converged { get; init; }
    public required string NotConverged { get; init; }
    public required string Iterations { get; init; }

    public required string ChurnHeading { get; init; }
    public required string ChurnUnavailable { get; init; }
    public required string ChurnNote { get; init; }
    public required IReadOnlyList<string> ChurnHeaders { get; init; }
    public required string ChurnModel { get; init; }
    public required string BaselineScore { get; init; }
    public required string Baseline { get; init; }
    public required string CalibrationChart { get; init; }
    public required string CalibrationX { get; init; }
    public required string CalibrationY { get; init; }
    public required string RocChart { get; init; }
    public required string RocX { get; init; }
    public required string RocY { get; init; }
    public required string PrecisionRecallChart { get; init; }
    public required string PrecisionRecallX { get; init; }
    public required string PrecisionRecallY { get; init; }
    public required string DecileTable { get; init; }
    public required IReadOnlyList<string> DecileHeaders { get; init; }

    /// <summary>Polish for a Polish culture (pl, pl-PL), English for any other.</summary>
    public static BacktestReportText For(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "pl" ? Polish : English;

    /// <summary>The CLI's report: English words, invariant numbers and ISO dates, as before the dashboard spoke Polish.</summary>
    public static readonly BacktestReportText English = new()
    {
        Language = "en",
        Culture = CultureInfo.InvariantCulture,
        DateFormat = "yyyy-MM-dd",
        Thousands = "k",
        Millions = "M",
        PageTitle = "Retain back-test · cutoff {0}",
        PageHeading = "Back-test of the predictions",
        PeriodLine = "Calibration <b>{0} – {1}</b> · holdout <b>{2} – {3}</b> ({4} days) · ",
        CountsLine = "{0:N0} customers ({1:N0} repeaters) · {2:N0} repeat purchases in calibration, {3:N0} purchases in the holdout · amounts in {4}",
        HowToRead = """
            <section><h2>How to read this report</h2><dl>
            <dt>Calibration / holdout</dt><dd>Every model saw only orders before the cutoff; the holdout is the test. A purchase is a purchase day: several orders of a customer on one day count once.</dd>
            <dt>Tracking</dt><dd>The models should follow the actual curve left of the cutoff (fit) and keep following it right of it (forecast). A model that falls behind in the holdout under-predicts future purchases.</dd>
            <dt>Conditional expectations</dt><dd>Whether the models get each kind of customer right, from one-time buyers (x = 0) to the most frequent ones.</dd>
            <dt>MAE per customer</dt><dd>Mean absolute difference between a customer's expected and actual holdout purchases: the error of individual predictions, not only of the total.</dd>
            <dt>Churn metrics</dt><dd>ROC AUC: how well the score ranks churners above stayers (0.5 = chance). PR AUC: average precision. Brier and log loss: how close the probabilities are to the outcomes (lower is better); the calibration plot shows the same per decile.</dd>
            </dl><p class="note">Made by Retain. This page is self-contained: no scripts, no external resources.</p></section>
            """,
        HoldoutHeading = "Holdout purchases",
        HoldoutHeaders = ["Model", "Predicted", "Actual", "Error", "MAE per customer", "RMSE"],
        SpendNote = "Spend per purchase in the holdout ({0:N0} customers who bought): Gamma-Gamma predicted {1:N2} on average, actual {2:N2}, mean absolute error {3:N2}.",
        NoSpendModel = "No spend model: {0}",
        TrackingHeading = "Tracking: cumulative repeat purchases by week",
        TrackingNote = "Repeat purchase days of the customers acquired before the cutoff, actual against what each model expects from the customers' first-purchase dates alone. Left of the marker the models saw the data; right of it they forecast.",
        TrackingChart = "Cumulative repeat purchases, actual vs models",
        TrackingX = "week since the first order",
        TrackingY = "repeat purchases",
        CutoffMarker = "cutoff",
        Actual = "Actual",
        TrackingTable = "Tracking as a table",
        TrackingHeaders = ["Week", "Ends", "Actual"],
        FrequencyHeading = "Conditional expectations by calibration frequency",
        FrequencyNote = "Mean purchases in the holdout of the customers with x repeat purchases in calibration (last group: 7 or more).",
        FrequencyChart = "Holdout purchases by calibration frequency",
        FrequencyX = "repeat purchases in calibration (7 = 7+)",
        FrequencyY = "mean holdout purchases",
        FrequencyHeaders = ["x", "Customers", "Actual"],
        ParametersHeading = "Parameters",
        ParametersNote = "Maximum-likelihood estimates on the calibration period, standard errors from the inverse Hessian (delta method from the log scale); log-likelihoods are full sums, time in weeks.",
        ParameterHeaders = ["Model", "Parameter", "Estimate", "Std. error", "Log-likelihood", "Fit"],
        SpendModelRow = "Gamma-Gamma ({0:N0} repeaters)",
        Converged = "converged",
        NotConverged = "not converged",
        Iterations = " in {0} iterations",
        ChurnHeading = "Churn: no purchase in the {0}-day holdout",
        ChurnUnavailable = "The churn model could not be back-tested: {0}",
        ChurnNote = "The churn model trained out of time on {0} past snapshots whose label window had closed by the cutoff (seasonal shift {1:0.000} in log-odds); the baseline is the BG/NBD probability of no purchase in the holdout from the calibration fit, which uses no labels.",
        ChurnHeaders = ["Score", "Customers", "Churn rate", "ROC AUC", "PR AUC", "Brier", "Log loss"],
        ChurnModel = "Churn model",
        BaselineScore = "BG/NBD P(no purchase)",
        Baseline = "BG/NBD baseline",
        CalibrationChart = "Calibration by decile of predicted churn",
        CalibrationX = "mean predicted probability (decile)",
        CalibrationY = "observed churn rate",
        RocChart = "ROC curve",
        RocX = "false-positive rate",
        RocY = "true-positive rate",
        PrecisionRecallChart = "Precision-recall curve",
        PrecisionRecallX = "recall",
        PrecisionRecallY = "precision",
        DecileTable = "Calibration deciles as a table",
        DecileHeaders = ["Decile", "Customers", "Model predicted", "Observed", "Baseline predicted", "Observed"],
    };
}
