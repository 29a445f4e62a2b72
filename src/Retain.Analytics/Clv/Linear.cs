namespace Retain.Analytics.Clv;

/// <summary>Cholesky-based helpers for the tiny symmetric matrices of the CLV fits.</summary>
internal static class Linear
{
    /// <summary>Lower Cholesky factor of a symmetric matrix, or null when it is not positive definite.</summary>
    public static double[,]? Cholesky(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var d = a[j, j];
            for (var k = 0; k < j; k++)
                d -= l[j, k] * l[j, k];
            if (!(d > 0) || !double.IsFinite(d))
                return null;
            l[j, j] = Math.Sqrt(d);
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++)
                    s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        return l;
    }

    public static bool IsPositiveDefinite(double[,] a) => Cholesky(a) is not null;

    /// <summary>Solves a·x = b for symmetric positive definite a; false when a is not.</summary>
    public static bool TrySolvePositive(double[,] a, ReadOnlySpan<double> b, Span<double> x)
    {
        var l = Cholesky(a);
        if (l is null)
            return false;
        var n = b.Length;
        Span<double> y = stackalloc double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
                s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++)
                s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return true;
    }

    /// <summary>Inverse of a symmetric positive definite matrix, or a NaN matrix when it is singular.</summary>
    public static double[,] InversePositive(double[,] a)
    {
        var n = a.GetLength(0);
        var inv = new double[n, n];
        var e = new double[n];
        var col = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            if (!TrySolvePositive(a, e, col))
            {
                for (var i = 0; i < n; i++)
                    for (var k = 0; k < n; k++)
                        inv[i, k] = double.NaN;
                return inv;
            }
            for (var i = 0; i < n; i++)
                inv[i, j] = col[i];
        }
        return inv;
    }
}
