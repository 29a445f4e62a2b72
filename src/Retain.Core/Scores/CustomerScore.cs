namespace Retain.Core.Scores;

/// <summary>
/// One customer's predictions from one <see cref="ScoreRun"/>, each with its interval (central 90%). The model version
/// and computation time live on the run, shared by its rows. Predictions are estimates, so they are doubles (CLV
/// too: it is a forecast in the base currency, never summed into a ledger).
/// </summary>
public sealed class CustomerScore
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long CustomerId { get; set; }

    public double ProbabilityAlive { get; set; }
    public double ProbabilityAliveLower { get; set; }
    public double ProbabilityAliveUpper { get; set; }

    /// <summary>Expected purchase days in the 90 days after the run's data cutoff.</summary>
    public double ExpectedPurchases90 { get; set; }
    public double ExpectedPurchases90Lower { get; set; }
    public double ExpectedPurchases90Upper { get; set; }

    public double ProbabilityNoPurchase90 { get; set; }
    public double ProbabilityNoPurchase90Lower { get; set; }
    public double ProbabilityNoPurchase90Upper { get; set; }

    /// <summary>Calibrated churn probability (no order in 90 days) from the churn model, or the purchase model's
    /// P(no purchase) when the shop is too young to train one (see <see cref="ScoreRun.ChurnSource"/>).</summary>
    public double ChurnProbability { get; set; }

    /// <summary>The top reasons behind the churn probability: a JSON array of {"feature","text"}, null without a churn model.</summary>
    public string? ChurnReasonsJson { get; set; }

    /// <summary>Discounted expected value over the next 12 months; null without a spend model.</summary>
    public double? Clv12Months { get; set; }
    public double? Clv12MonthsLower { get; set; }
    public double? Clv12MonthsUpper { get; set; }

    /// <summary>Median date of the next order while the customer keeps buying; null when more than 50 years away.</summary>
    public DateTime? ExpectedNextOrderAt { get; set; }
    public DateTime? ExpectedNextOrderAtLower { get; set; }
    public DateTime? ExpectedNextOrderAtUpper { get; set; }

    /// <summary>RFM scores (1–5, 5 best) at the run's data cutoff, as <see cref="Retain.Analytics.Measure.Rfm.Score"/>
    /// computes them; null for a customer without an order before the cutoff. The named segment follows from R and F.</summary>
    public byte? RecencyScore { get; set; }
    public byte? FrequencyScore { get; set; }
    public byte? MonetaryScore { get; set; }
}

/// <summary>
/// One scoring of every customer. Written in the same transaction as its rows, so a run that exists is complete;
/// readers take the newest run, and older runs are deleted only after a newer one committed.
/// </summary>
public sealed class ScoreRun
{
    public long Id { get; set; }

    /// <summary>Model kinds, a hash of the fitted parameters and the data cutoff, e.g. <c>bgnbd+gg+lgbm/1a2b3c4d/2025-06-30</c>.</summary>
    public required string ModelVersion { get; set; }

    /// <summary>Every order before this time was used; predictions look forward from it.</summary>
    public DateTime DataCutoff { get; set; }
    public DateTime ComputedAt { get; set; }
    public int Customers { get; set; }

    /// <summary>What the data looked like (order count, latest change): the background job rescores when it differs.</summary>
    public required string DataStamp { get; set; }

    /// <summary>"churn-model" or "bgnbd" (a shop too young for the churn model).</summary>
    public required string ChurnSource { get; set; }

    /// <summary>Customers with a CLV at or above this (the run's 90th percentile) form the VIP segment.</summary>
    public double? VipThreshold { get; set; }

    /// <summary>Members of the at-risk list (churn probability ≥ 0.5), counted when the run is stored (a run never changes).</summary>
    public int AtRiskCustomers { get; set; }

    /// <summary>Members of the VIP list (CLV at or above <see cref="VipThreshold"/>), counted when the run is stored.</summary>
    public int VipCustomers { get; set; }
}
