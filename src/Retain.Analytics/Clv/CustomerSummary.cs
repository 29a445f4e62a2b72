namespace Retain.Analytics.Clv;

/// <summary>
/// One customer's calibration-period summary in the notation of Fader, Hardie &amp; Lee (2005):
/// <paramref name="X"/> repeat purchase days, <paramref name="Tx"/> time of the last purchase since the first,
/// <paramref name="T"/> time since the first purchase (both in the model's time unit, e.g. weeks), and
/// <paramref name="MeanRepeatValue"/> the mean value of the repeat purchases (first purchase excluded; 0 when X = 0).
/// </summary>
public readonly record struct CustomerSummary(int X, double Tx, double T, double MeanRepeatValue = 0)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless 0 ≤ Tx ≤ T, X ≥ 0, X = 0 ⇒ Tx = 0, all finite.</summary>
    public void Validate()
    {
        if (X < 0 || !double.IsFinite(Tx) || !double.IsFinite(T) || Tx < 0 || T < 0 || Tx > T * (1 + 1e-12) + 1e-12)
            throw new ArgumentException($"invalid customer summary {this}: need X ≥ 0 and 0 ≤ t_x ≤ T, finite");
        if (X == 0 && Tx != 0)
            throw new ArgumentException($"invalid customer summary {this}: t_x must be 0 when x = 0");
        if (!double.IsFinite(MeanRepeatValue) || MeanRepeatValue < 0)
            throw new ArgumentException($"invalid customer summary {this}: mean repeat value must be finite and ≥ 0");
    }
}
