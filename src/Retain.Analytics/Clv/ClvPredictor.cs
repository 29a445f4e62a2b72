namespace Retain.Analytics.Clv;

/// <summary>A prediction with its uncertainty interval (by default the central 90%).</summary>
public readonly record struct Estimate(double Value, double Lower, double Upper);

/// <summary>What to predict: the horizon for purchases and churn, and the discounted value horizon.</summary>
public sealed record PredictionOptions
{
    /// <summary>Horizon of E[X(t)] and P(no purchase), in the model's time unit.</summary>
    public required double Horizon { get; init; }

    /// <summary>Number of periods the customer value sums over (e.g. 12 months).</summary>
    public int ValuePeriods { get; init; } = 12;

    /// <summary>Length of one value period in the model's time unit (e.g. 30/7 for months in a weekly model).</summary>
    public double PeriodLength { get; init; } = 30.0 / 7;

    /// <summary>Discount rate per value period (0.01 = 1% a period).</summary>
    public double DiscountRate { get; init; } = 0.01;

    /// <summary>Coverage of the intervals.</summary>
    public double Level { get; init; } = 0.9;

    /// <summary>Monte Carlo draws per customer for the intervals.</summary>
    public int Draws { get; init; } = 500;

    /// <summary>Seed of the draws: the same customer always gets the same interval.</summary>
    public int Seed { get; init; } = 20240601;
}

/// <summary>Everything Retain predicts for one customer, each with its interval.</summary>
/// <param name="ExpectedSpend">Gamma-Gamma expected spend per purchase (null without a spend model).</param>
/// <param name="Value">Discounted expected value over the value horizon (null without a spend model).</param>
public sealed record CustomerPrediction(
    Estimate ProbabilityAlive,
    Estimate ExpectedPurchases,
    Estimate ProbabilityNoPurchase,
    Estimate NextPurchaseTime,
    Estimate? ExpectedSpend,
    Estimate? Value);

/// <summary>Point predictions for many customers, column-wise (index = customer).</summary>
public sealed record PointPredictions(double[] ProbabilityAlive, double[] ExpectedPurchases, double[] ProbabilityNoPurchase, double[]? Value);
