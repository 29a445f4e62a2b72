using Retain.Analytics.Recommendations;

namespace Retain.Analytics.Tests.Recommendations;

/// <summary>The selections under the similarity cut and the customers-like-you search, against sorting.</summary>
public sealed class TopNTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 10)]
    [InlineData(3, 500)]
    [InlineData(4, 999)]
    public void KthLargest_IsWhatSortingGives(int seed, int k)
    {
        var random = new Random(seed);
        // Few distinct values: most of the selection is among ties.
        var values = Enumerable.Range(0, 1000).Select(_ => random.Next(0, 50)).ToArray();
        var expected = values.OrderDescending().ElementAt(k - 1);
        Assert.Equal(expected, TopN.KthLargest(values.ToArray(), k));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 50)]
    [InlineData(3, 1000)]
    [InlineData(4, 2999)]
    [InlineData(5, 2)]
    public void CutOf_IsWhatSortingGives_IgnoringZeros(int seed, int k)
    {
        var random = new Random(seed);
        // A third zeros, the rest spread over eight decades with repeats (the histogram's buckets fill unevenly).
        var values = Enumerable.Range(0, 4503)
            .Select(_ => random.Next(3) == 0 ? 0f : (float)Math.Pow(10, -random.Next(0, 80) / 10.0))
            .ToArray();
        var positive = values.Where(v => v > 0).OrderDescending().ToArray();
        Assert.True(positive.Length > k);
        var histogram = new int[TopN.HistogramLength];
        var (cut, count, above) = TopN.CutOf(values, k, histogram, new int[values.Length]);
        Assert.Equal(positive[k - 1], cut);
        Assert.Equal(positive.Length, count);
        Assert.Equal(positive.Count(v => v > cut), above);
        Assert.True(above < k);
        Assert.All(histogram, c => Assert.Equal(0, c)); // left zeroed for the next row
    }

    [Fact]
    public void CutOf_KeepsEverythingAboveZero_WhenNoMoreThanKAre()
    {
        var histogram = new int[TopN.HistogramLength];
        Assert.Equal((0f, 2, 2), TopN.CutOf([0f, .5f, 0f, .25f], 3, histogram, new int[4]));
        Assert.Equal((0f, 2, 2), TopN.CutOf([0f, .5f, 0f, .25f], 2, histogram, new int[4]));
        Assert.Equal((.5f, 4, 0), TopN.CutOf([.5f, .5f, 0f, .25f, .5f], 2, histogram, new int[5]));
        Assert.All(histogram, c => Assert.Equal(0, c));
    }
}
