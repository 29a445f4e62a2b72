namespace Retain.Analytics.Recommendations;

/// <summary>Why an item is recommended.</summary>
public enum RecommendationReason
{
    /// <summary>The customer buys it again and again ("you buy this regularly").</summary>
    BuyAgain,
    /// <summary>Customers who bought <see cref="Recommendation.Source"/> also bought it ("because you bought X").</summary>
    BecauseYouBought,
    /// <summary>Bought in the same baskets as <see cref="Recommendation.Source"/> ("often bought with Y").</summary>
    BoughtTogether,
    /// <summary>Many customers bought it lately ("popular now").</summary>
    PopularNow,
    /// <summary>Many customers bought it in the coming weeks last year ("popular this season").</summary>
    PopularThisSeason,
    /// <summary>Customers who buy what this customer buys bought it lately ("popular with customers like you").</summary>
    PopularWithCustomersLikeYou,
}

/// <summary>One recommended item (index into the log's items), its blended score, and its reason.</summary>
public readonly record struct Recommendation(int Item, float Score, RecommendationReason Reason, int Source = -1);

/// <summary>How much each signal counts in the blend; each signal is scaled to [0, 1] per customer first.</summary>
public readonly record struct BlendWeights(float Repurchase, float Similar, float Popular, float Seasonal = 0f, float Neighbors = 0f);
