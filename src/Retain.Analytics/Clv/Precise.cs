namespace Retain.Analytics.Clv;

/// <summary>
/// exp(x) − 1 and ln(1 + x) without cancellation near 0 (Kahan's tricks); .NET's double.ExpM1/LogP1 are computed
/// naively as Exp(x) − 1 and Log(1 + x), which lose all digits for tiny x.
/// </summary>
internal static class Precise
{
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5)
            return Math.Exp(x) - 1;
        var u = Math.Exp(x);
        if (u == 1)
            return x;
        var um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }

    public static double LogP1(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
