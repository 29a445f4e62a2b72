namespace Retain.Analytics.Recommendations;

/// <summary>
/// One thread's working arrays for gathering a customer's signals (one slot per item or customer), reused from customer
/// to customer: only the entries the last customer touched are zeroed (all of them after a scan).
/// </summary>
internal sealed class RecommenderScratch
{
    [ThreadStatic] private static RecommenderScratch? _current;

    public float[] Repeat = [], Similar = [], Neighbors = [];
    /// <summary>The blended score of every item (after a scan).</summary>
    public float[] Scores = [];
    public int[] Overlap = [];
    public readonly List<int> Others = new(1024);
    public readonly List<long> Keys = new(1024);
    private bool[] _seen = [];
    /// <summary>The candidates: every item some signal reached, in the order they were reached.</summary>
    public readonly List<int> Touched = new(1024);

    /// <summary>The customer gathered (−1: none known).</summary>
    public int User = -1;
    /// <summary>One slot per customer: the cheap scores and bit patterns of the customers-like-you selection.</summary>
    public int[] Bits = [];
    public float[] Cheap = [];
    public readonly int[] Histogram = new int[TopN.HistogramLength];
    /// <summary>Working lists of the tuner's candidate selection.</summary>
    public readonly List<int> Candidates = new(1024), Kept = new(256);
    public bool[] Marked = [];

    /// <summary>Every item will be scanned for candidates afterwards, so nothing tracks which ones were touched.</summary>
    public bool Scan { get; private set; }

    public static RecommenderScratch For(int items, int users)
    {
        var s = _current ??= new RecommenderScratch();
        if (s.Overlap.Length != users)
        {
            s.Overlap = new int[users];
            s.Bits = new int[users];
            s.Cheap = new float[users];
        }
        if (s.Repeat.Length != items)
        {
            s.Repeat = new float[items];
            s.Similar = new float[items];
            s.Neighbors = new float[items];
            s.Scores = new float[items];
            s._seen = new bool[items];
            s.Marked = new bool[items];
        }
        return s;
    }

    public void Begin(int user, bool scan)
    {
        User = user;
        Scan = scan;
    }

    public void Add(int item)
    {
        if (Scan || _seen[item])
            return;
        _seen[item] = true;
        Touched.Add(item);
    }

    /// <summary>Zeroes what the last customer touched, ready for the next.</summary>
    public void Release()
    {
        User = -1;
        if (Scan)
        {
            Array.Clear(Repeat);
            Array.Clear(Similar);
            Array.Clear(Neighbors);
            return;
        }
        foreach (var item in Touched)
        {
            Repeat[item] = Similar[item] = Neighbors[item] = 0;
            _seen[item] = false;
        }
        Touched.Clear();
    }
}
