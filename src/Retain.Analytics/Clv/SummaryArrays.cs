namespace Retain.Analytics.Clv;

/// <summary>
/// Column-wise copy of the summaries the likelihoods loop over, with the distinct x values factored out: every
/// log-gamma and digamma term depends on x alone, so it is evaluated once per distinct x instead of once per customer.
/// </summary>
internal sealed class SummaryArrays
{
    // Fixed chunking keeps the parallel sums bit-for-bit deterministic whatever the thread schedule.
    internal const int ChunkSize = 16_384;

    public SummaryArrays(ReadOnlySpan<CustomerSummary> customers, bool repeatersOnly = false)
    {
        var n = 0;
        foreach (var c in customers)
        {
            c.Validate();
            if (!repeatersOnly || c.X > 0)
                n++;
        }
        X = new int[n];
        Tx = new double[n];
        T = new double[n];
        Value = repeatersOnly ? new double[n] : [];
        XIndex = new int[n];
        var index = new Dictionary<int, int>();
        var distinct = new List<int>();
        // One-time buyers first, repeaters after: the likelihood loops branch on x = 0, and a partitioned order makes
        // that branch predictable (a random 60/40 mix costs a misprediction every few customers).
        var zeros = 0;
        foreach (var c in customers)
            if (c.X == 0)
                zeros++;
        int nextZero = 0, nextRepeat = repeatersOnly ? 0 : zeros;
        foreach (var c in customers)
        {
            if (repeatersOnly && c.X == 0)
                continue;
            var i = c.X == 0 ? nextZero++ : nextRepeat++;
            X[i] = c.X;
            Tx[i] = c.Tx;
            T[i] = c.T;
            if (repeatersOnly)
                Value[i] = c.MeanRepeatValue;
            if (!index.TryGetValue(c.X, out var k))
            {
                index[c.X] = k = distinct.Count;
                distinct.Add(c.X);
            }
            XIndex[i] = k;
        }
        DistinctX = [.. distinct];
        CountByX = new double[DistinctX.Length];
        foreach (var k in XIndex)
            CountByX[k]++;
    }

    /// <summary>Every <paramref name="stride"/>-th customer of <paramref name="source"/> (a deterministic subsample).</summary>
    public SummaryArrays(SummaryArrays source, int stride)
    {
        var n = (source.Count + stride - 1) / stride;
        X = new int[n];
        Tx = new double[n];
        T = new double[n];
        Value = source.Value.Length == 0 ? [] : new double[n];
        XIndex = new int[n];
        for (var i = 0; i < n; i++)
        {
            var j = i * stride;
            X[i] = source.X[j];
            Tx[i] = source.Tx[j];
            T[i] = source.T[j];
            XIndex[i] = source.XIndex[j];
            if (Value.Length > 0)
                Value[i] = source.Value[j];
        }
        DistinctX = source.DistinctX;
        CountByX = new double[DistinctX.Length];
        foreach (var k in XIndex)
            CountByX[k]++;
    }

    public int Count => X.Length;
    public int[] X { get; }
    public double[] Tx { get; }
    public double[] T { get; }
    public double[] Value { get; }
    public int[] XIndex { get; }
    public int[] DistinctX { get; }
    public double[] CountByX { get; }
    public int ChunkCount => (Count + ChunkSize - 1) / ChunkSize;

    public double MeanT()
    {
        double s = 0;
        foreach (var t in T)
            s += t;
        return Count == 0 ? 1 : s / Count;
    }

    public double MeanX()
    {
        double s = 0;
        foreach (var x in X)
            s += x;
        return Count == 0 ? 0 : s / Count;
    }
}
