using Retain.Analytics.Recommendations;

namespace Retain.Analytics.Tests.Recommendations;

/// <summary>
/// The item similarity against a brute-force oracle: every pair counted directly, each item's neighbours sorted by value
/// then item, the first max kept. A small catalogue takes the whole-row path (wide neighbourhoods), a large one with
/// short rows the tracked path (narrow ones).
/// </summary>
public sealed class ItemSimilarityTests
{
    /// <summary>Rows of a skewed random 0/1 matrix: a few items are in most rows, so ties and wide rows are common.</summary>
    private static SparseRows RandomRows(int seed, int rows, int items)
    {
        var random = new Random(seed);
        var r = new List<int>();
        var c = new List<int>();
        for (var row = 0; row < rows; row++)
        {
            var size = random.Next(0, 12);
            for (var k = 0; k < size; k++)
            {
                r.Add(row);
                // Squaring skews towards the low items: they become the popular ones.
                c.Add((int)(items * Math.Pow(random.NextDouble(), 2)));
            }
        }
        return SparseRows.FromPairs(r.ToArray(), c.ToArray(), rows, items);
    }

    /// <summary>Each item's expected neighbours, and whether some item had more than <paramref name="max"/> to choose from.</summary>
    private static ((int Item, float Value)[][] Rows, bool Cut) Oracle(SparseRows rows, SimilarityKind kind, int max, bool includeSelf, int minTogether)
    {
        var items = rows.Columns;
        var together = new int[items, items];
        for (var r = 0; r < rows.Rows; r++)
        {
            foreach (var i in rows.Row(r))
            {
                foreach (var j in rows.Row(r))
                    together[i, j]++;
            }
        }
        var result = new (int, float)[items][];
        var cut = false;
        for (var i = 0; i < items; i++)
        {
            var list = new List<(int Item, float Value)>();
            for (var j = 0; j < items; j++)
            {
                if (together[i, j] == 0 || (j == i ? !includeSelf : together[i, j] < minTogether))
                    continue;
                list.Add((j, ItemSimilarity.Similarity(kind, together[i, j], together[i, i], together[j, j])));
            }
            cut |= list.Count > max;
            result[i] = [.. list.OrderByDescending(n => n.Value).ThenBy(n => n.Item).Take(max).OrderBy(n => n.Item)];
        }
        return (result, cut);
    }

    public static TheoryData<SimilarityKind, int, bool, int> Settings => new()
    {
        { SimilarityKind.Jaccard, 5, false, 1 },
        { SimilarityKind.Jaccard, 1, false, 1 },
        { SimilarityKind.Jaccard, int.MaxValue, true, 1 },
        { SimilarityKind.CoOccurrence, 3, false, 2 },
        { SimilarityKind.CoOccurrence, 20, true, 1 },
        { SimilarityKind.Lift, 7, false, 1 },
        { SimilarityKind.Cosine, 10, false, 3 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Build_MatchesTheOracle_NeighboursValuesAndTies(SimilarityKind kind, int max, bool includeSelf, int minTogether)
    {
        foreach (var (seed, items) in new[] { (1, 70), (2, 70), (3, 70), (4, 3000) })
        {
            var rows = RandomRows(seed, rows: 400, items);
            var (expected, cut) = Oracle(rows, kind, max, includeSelf, minTogether);
            var built = ItemSimilarity.Build(rows, kind, max, includeSelf, minTogether);
            // The comparison is never between empty rows only, and the cut to max is exercised.
            Assert.Contains(expected, e => e.Length > 0);
            Assert.True(cut || max == int.MaxValue || items > 100);
            for (var i = 0; i < rows.Columns; i++)
            {
                Assert.Equal(expected[i].Select(e => e.Item), built.Neighbors(i).ToArray());
                Assert.Equal(expected[i].Select(e => e.Value), built.Values(i).ToArray());
            }
        }
    }

    [Fact]
    public void TiesAtTheCut_KeepTheLowerItems()
    {
        // Item 0 is bought with each of 1..4 once: four equal neighbours, two kept.
        var rows = SparseRows.FromPairs([0, 0, 1, 1, 2, 2, 3, 3], [0, 1, 0, 2, 0, 3, 0, 4], 4, 5);
        Assert.Equal([1, 2], ItemSimilarity.Build(rows, SimilarityKind.CoOccurrence, 2).Neighbors(0).ToArray());
    }
}
