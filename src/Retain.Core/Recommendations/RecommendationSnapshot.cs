using System.Text.Json.Serialization;
using Retain.Analytics.Recommendations;

namespace Retain.Core.Recommendations;

/// <summary>One recommended product and why, as the API and the export show it.</summary>
public sealed record RecommendedProduct(
    string Sku, string? Name, string? Category, double Score,
    [property: JsonConverter(typeof(JsonStringEnumConverter<RecommendationReason>))] RecommendationReason Reason,
    string? BecauseOf, string Explanation);

/// <summary>
/// A trained recommender with the catalogue it was trained against: answers customers' top-N, similar products and
/// bought-together for a basket. Immutable, so requests read it while the next one trains.
/// </summary>
public sealed class RecommendationSnapshot(Recommender model, RecommendationData data)
{
    private readonly Dictionary<string, int> _customers = data.Log.Customers
        .Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index, StringComparer.Ordinal);

    public Recommender Model { get; } = model;
    public RecommendationData Data { get; } = data;
    public DateTime TrainedThrough => Data.LastPurchase;

    public bool HasHistory(string customer) => _customers.ContainsKey(customer);

    /// <summary>Top-N for a customer; one without history (or unknown to the log) gets what is popular now.</summary>
    public IReadOnlyList<RecommendedProduct> ForCustomer(string customer, int top, string? category, bool excludeBought)
    {
        var user = _customers.GetValueOrDefault(customer, -1);
        var recommendations = Model.Recommend(user, top, excludeBought, item => Allowed(item, category));
        return [.. recommendations.Select(Describe)];
    }

    /// <summary>Products bought by the same customers as <paramref name="sku"/>; null when the SKU is unknown.</summary>
    public IReadOnlyList<RecommendedProduct>? Similar(string sku, int top)
    {
        var item = Data.Log.ItemIndex(sku);
        if (item < 0)
            return Data.Catalogue.ContainsKey(sku) ? [.. Popular(top, [], null)] : null;
        var result = Model.Similar.Strongest(item, top, j => j != item && Allowed(j, null))
            .Select(n => Describe(new Recommendation(n.Item, n.Value, RecommendationReason.BecauseYouBought, item))).ToList();
        return [.. result, .. Popular(top - result.Count, [item, .. result.Select(r => Data.Log.ItemIndex(r.Sku))], null)];
    }

    /// <summary>Products often in the same basket as the given ones, the strongest source named; popular fill.</summary>
    public IReadOnlyList<RecommendedProduct> BoughtTogether(IReadOnlyList<string> skus, int top)
    {
        var basket = skus.Select(Data.Log.ItemIndex).Where(i => i >= 0).Distinct().ToArray();
        var scores = new Dictionary<int, (float Score, int Source, float Strongest)>();
        foreach (var item in basket)
        {
            var neighbors = Model.Together.Neighbors(item);
            var values = Model.Together.Values(item);
            for (var m = 0; m < neighbors.Length; m++)
            {
                var j = neighbors[m];
                if (Array.IndexOf(basket, j) >= 0 || !Allowed(j, null))
                    continue;
                var s = scores.TryGetValue(j, out var seen) ? seen : (Score: 0f, Source: -1, Strongest: 0f);
                scores[j] = (s.Score + values[m], values[m] > s.Strongest ? item : s.Source, Math.Max(values[m], s.Strongest));
            }
        }
        var best = scores.OrderByDescending(x => x.Value.Score).ThenBy(x => x.Key).Take(top)
            .Select(x => Describe(new Recommendation(x.Key, x.Value.Score, RecommendationReason.BoughtTogether, x.Value.Source))).ToList();
        return [.. best, .. Popular(top - best.Count, [.. basket, .. best.Select(r => Data.Log.ItemIndex(r.Sku))], null)];
    }

    private IEnumerable<RecommendedProduct> Popular(int top, int[] except, string? category)
    {
        if (top <= 0)
            return [];
        return TopN.Ranking(Model.Trending).Where(i => Array.IndexOf(except, i) < 0 && Allowed(i, category)).Take(top)
            .Select(i => Describe(new Recommendation(i, Model.Trending[i], RecommendationReason.PopularNow)));
    }

    /// <summary>Out-of-stock products are never recommended; a category filter keeps that category only.</summary>
    private bool Allowed(int item, string? category)
    {
        if (!Data.Catalogue.TryGetValue(Data.Log.Items[item], out var product))
            return category is null;
        return product.InStock && (category is null || string.Equals(product.Category, category, StringComparison.OrdinalIgnoreCase));
    }

    private RecommendedProduct Describe(Recommendation r)
    {
        var sku = Data.Log.Items[r.Item];
        var product = Data.Catalogue.GetValueOrDefault(sku);
        var source = r.Source >= 0 ? Data.Log.Items[r.Source] : null;
        var sourceName = source is null ? null : Data.Catalogue.GetValueOrDefault(source)?.Name ?? source;
        var text = r.Reason switch
        {
            RecommendationReason.BuyAgain => "You buy this regularly",
            RecommendationReason.BecauseYouBought => $"Customers who bought {sourceName} also bought this",
            RecommendationReason.BoughtTogether => $"Often bought with {sourceName}",
            RecommendationReason.PopularThisSeason => "Popular at this time of year",
            _ => "Popular now",
        };
        return new RecommendedProduct(sku, product?.Name, product?.Category, Math.Round(r.Score, 6), r.Reason, source, text);
    }
}
