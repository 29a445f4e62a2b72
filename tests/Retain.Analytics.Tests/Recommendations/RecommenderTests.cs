using Retain.Analytics.Recommendations;

namespace Retain.Analytics.Tests.Recommendations;

/// <summary>The recommender on small fixed shops: fallbacks, reasons, exclusions, ties and degenerate catalogues.</summary>
public sealed class RecommenderTests
{
    private static readonly DateTime Day0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly RecommenderOptions NoTuning = new() { ValidationWindow = null, PopularCandidates = 10 };

    /// <summary>Alice buys A and B together twice; Bob buys A with C; Carol buys B, C; Dave buys C recently, twice.</summary>
    private static PurchaseLog Shop()
    {
        var b = new PurchaseLog.Builder();
        b.Add("alice", "A", "1", Day0);
        b.Add("alice", "B", "1", Day0);
        b.Add("alice", "A", "2", Day0.AddDays(10));
        b.Add("alice", "B", "2", Day0.AddDays(10));
        b.Add("bob", "A", "3", Day0.AddDays(20));
        b.Add("bob", "C", "3", Day0.AddDays(20));
        b.Add("carol", "B", "4", Day0.AddDays(25));
        b.Add("carol", "C", "4", Day0.AddDays(25));
        b.Add("dave", "C", "5", Day0.AddDays(28));
        b.Add("dave", "D", "6", Day0.AddDays(29));
        return b.Build();
    }

    [Fact]
    public void NewCustomer_GetsPopularItems_WithTheReason()
    {
        var model = Recommender.Fit(Shop(), Day0.AddDays(30), NoTuning);
        var recommendations = model.Recommend(-1, 3, excludeBought: false);
        // C has 3 buyers, A and B 2 each (tie: code order), D 1.
        Assert.Equal(["C", "A", "B"], recommendations.Select(r => model.Log.Items[r.Item]));
        Assert.All(recommendations, r => Assert.Equal(RecommendationReason.PopularNow, r.Reason));
        Assert.All(recommendations, r => Assert.Equal(-1, r.Source));
    }

    [Fact]
    public void ExcludeBought_RecommendsOnlyNewItems_NamingTheItemTheyCameFrom()
    {
        var log = Shop();
        var model = Recommender.Fit(log, Day0.AddDays(30), NoTuning with { ForNew = new BlendWeights(0f, 1f, 0f) });
        var bob = Array.IndexOf(log.Customers, "bob");
        var recommendations = model.Recommend(bob, 2, excludeBought: true);
        Assert.DoesNotContain(recommendations, r => log.Items[r.Item] is "A" or "C");
        var first = recommendations[0];
        Assert.Equal("B", log.Items[first.Item]); // bought with A by alice, with C by carol
        Assert.Equal(RecommendationReason.BecauseYouBought, first.Reason);
        Assert.Contains(log.Items[first.Source], new[] { "A", "C" });
    }

    [Fact]
    public void RepeatBuyer_GetsBuyAgain_First()
    {
        var log = Shop();
        var model = Recommender.Fit(log, Day0.AddDays(30), NoTuning);
        var alice = Array.IndexOf(log.Customers, "alice");
        var recommendations = model.Recommend(alice, 4, excludeBought: false);
        Assert.Equal(RecommendationReason.BuyAgain, recommendations[0].Reason);
        Assert.Contains(log.Items[recommendations[0].Item], new[] { "A", "B" });
    }

    [Fact]
    public void Filter_KeepsOutItemsItRejects()
    {
        var log = Shop();
        var model = Recommender.Fit(log, Day0.AddDays(30), NoTuning);
        var c = log.ItemIndex("C");
        var recommendations = model.Recommend(-1, 10, excludeBought: false, item => item != c);
        Assert.Equal(["A", "B", "D"], recommendations.Select(r => log.Items[r.Item]));
    }

    [Fact]
    public void CatalogueOfOneProduct_RecommendsIt_AndNothingWhenBoughtIsExcluded()
    {
        var b = new PurchaseLog.Builder();
        b.Add("x", "ONLY", "1", Day0);
        b.Add("y", "ONLY", "2", Day0.AddDays(1));
        var log = b.Build();
        var model = Recommender.Fit(log, Day0.AddDays(2));
        var x = model.Recommend(0, 10, excludeBought: false);
        Assert.Equal("ONLY", log.Items[Assert.Single(x).Item]);
        Assert.Empty(model.Recommend(0, 10, excludeBought: true));
        Assert.Equal(0, model.Similar.Neighbors(0).Length); // an item is not its own neighbour
    }

    [Fact]
    public void EmptyLog_RecommendsNothing()
    {
        var model = Recommender.Fit(new PurchaseLog.Builder().Build(), Day0);
        Assert.Empty(model.Recommend(-1, 10, excludeBought: false));
    }

    [Fact]
    public void Ties_BreakByItemCode()
    {
        var b = new PurchaseLog.Builder();
        foreach (var (customer, item) in new[] { ("u1", "Z9"), ("u2", "A1"), ("u3", "M5"), ("u4", "10") })
            b.Add(customer, item, customer, Day0);
        var log = b.Build();
        var model = Recommender.Fit(log, Day0.AddDays(1), NoTuning);
        // Every item has one buyer: the order is the ordinal code order.
        Assert.Equal(["10", "A1", "M5", "Z9"], model.Recommend(-1, 4, excludeBought: false).Select(r => log.Items[r.Item]));
    }

    [Fact]
    public void LaterRows_AreNotUsed()
    {
        var log = Shop();
        var early = Recommender.Fit(log, Day0.AddDays(21), NoTuning);
        // D was first bought on day 29: unknown to a model trained through day 20.
        Assert.Equal(0f, early.Trending[log.ItemIndex("D")]);
        Assert.DoesNotContain(early.Recommend(-1, 10, excludeBought: false), r => log.Items[r.Item] == "D");
    }

    [Fact]
    public void NewCustomer_WithBoughtExcluded_StillGetsThePopularItems()
    {
        var model = Recommender.Fit(Shop(), Day0.AddDays(30), NoTuning);
        // Nothing to exclude for a customer with no history: the same list as without the exclusion.
        Assert.Equal(["C", "A", "B", "D"], model.Recommend(-1, 4, excludeBought: true).Select(r => model.Log.Items[r.Item]));
    }

    [Fact]
    public void ProductNeverSold_IsNeitherPopularNorSimilar()
    {
        var b = new PurchaseLog.Builder();
        var shop = Shop();
        for (var r = 0; r < shop.Count; r++)
            b.Add(shop.Customers[shop.User[r]], shop.Items[shop.Item[r]], $"b{shop.Basket[r]}", new DateTime(shop.Ticks[r]));
        // E is only looked at, by alice and bob: in the catalogue of interactions, never bought.
        b.Add("alice", "E", "v1", Day0.AddDays(27), InteractionKind.View);
        b.Add("bob", "E", "v2", Day0.AddDays(27), InteractionKind.View);
        var log = b.Build();
        var model = Recommender.Fit(log, Day0.AddDays(30), NoTuning);
        var e = log.ItemIndex("E");
        Assert.Equal(0f, model.Trending[e]);
        Assert.Equal(0, model.Similar.Neighbors(e).Length);
        Assert.All(Enumerable.Range(0, log.Items.Length), i => Assert.DoesNotContain(e, model.Similar.Neighbors(i).ToArray()));
        Assert.DoesNotContain(model.Recommend(-1, 10, excludeBought: false), r => r.Item == e);
        Assert.DoesNotContain(model.Recommend(log.Customers.ToList().IndexOf("carol"), 10, excludeBought: true), r => r.Item == e);
    }

    [Fact]
    public void Ties_AmongACustomersOwnItems_BreakByItemCode()
    {
        var b = new PurchaseLog.Builder();
        // One customer buys B then A in the same basket, twice: every signal scores them the same.
        foreach (var basket in new[] { "1", "2" })
        {
            b.Add("u", "B", basket, Day0.AddDays(int.Parse(basket, System.Globalization.CultureInfo.InvariantCulture)));
            b.Add("u", "A", basket, Day0.AddDays(int.Parse(basket, System.Globalization.CultureInfo.InvariantCulture)));
        }
        var log = b.Build();
        var model = Recommender.Fit(log, Day0.AddDays(3), NoTuning);
        var recommendations = model.Recommend(0, 2, excludeBought: false);
        Assert.Equal(recommendations[0].Score, recommendations[1].Score);
        Assert.Equal(["A", "B"], recommendations.Select(r => log.Items[r.Item]));
        Assert.All(recommendations, r => Assert.Equal(RecommendationReason.BuyAgain, r.Reason));
    }

    [Fact]
    public void StoredBlend_IsUsed_InsteadOfTuningAgain()
    {
        var stored = new BlendTuning(new BlendWeights(0f, 1f, 0f), new BlendWeights(0f, 0f, 1f), 0.5, 0.25);
        // Tuning is on in the options; the stored blend wins.
        var model = Recommender.Fit(Shop(), Day0.AddDays(30), NoTuning with { ValidationWindow = TimeSpan.FromDays(10) }, stored);
        Assert.Same(stored, model.Tuning);
        Assert.Equal(stored.ForAll, model.ForAll);
        Assert.Equal(stored.ForNew, model.ForNew);
    }

    [Fact]
    public void SeasonalValidation_AddsTheSameWeeksAYearEarlier_WhenTheyHaveCustomers()
    {
        var b = new PurchaseLog.Builder();
        // Two years of a small shop: every customer buys every 20 days, one new item in turn.
        for (var day = 0; day < 730; day += 20)
        {
            foreach (var customer in new[] { "p", "q", "r" })
                b.Add(customer, $"I{day / 20 % 7}{customer}", $"{customer}{day}", Day0.AddDays(day));
        }
        var log = b.Build();
        var options = NoTuning with { ValidationWindow = TimeSpan.FromDays(90) };
        var end = Day0.AddDays(730);
        Assert.Equal(2, Recommender.Tune(log, end, options)!.Splits);
        Assert.Equal(1, Recommender.Tune(log, end, options with { SeasonalValidation = false })!.Splits);
        // Less than a year and a validation window of history: no customers before the year-earlier split's cut.
        Assert.Equal(1, Recommender.Tune(log, Day0.AddDays(400), options)!.Splits);
        Assert.Null(Recommender.Tune(log, end, NoTuning));
    }
}
