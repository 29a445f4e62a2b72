namespace Retain.Analytics.Recommendations;

/// <summary>How the recommender is trained. The defaults were chosen on a validation split inside the training period.</summary>
public sealed record RecommenderOptions
{
    public AffinityOptions Affinity { get; init; } = new() { HalfLife = TimeSpan.FromDays(14) };
    public SimilarityKind Similarity { get; init; } = SimilarityKind.Jaccard;
    /// <summary>
    /// Seasonal popularity counts the customers who bought an item in the <see cref="TrendingWindow"/> that starts one
    /// year before training ends: what sold in the coming weeks last year (shops are seasonal).
    /// </summary>
    public TimeSpan SeasonLag { get; init; } = TimeSpan.FromDays(364);
    /// <summary>Neighbours kept per item: bounds memory and scoring cost on large catalogues.</summary>
    public int Neighbors { get; init; } = 1000;
    /// <summary>Popularity counts the distinct customers who bought an item in this window before training ends.</summary>
    public TimeSpan TrendingWindow { get; init; } = TimeSpan.FromDays(90);
    /// <summary>Most similar customers (cosine over bought items) whose recent purchases form the neighbours signal.</summary>
    public int SimilarCustomers { get; init; } = 50;
    /// <summary>Buyers of an item looked at when finding similar customers: bounds the cost on very popular items.</summary>
    public int MaxBuyersPerItem { get; init; } = 1000;
    /// <summary>Popular items every customer's candidates include (the fallback and fill).</summary>
    public int PopularCandidates { get; init; } = 100;
    /// <summary>Blend when bought items may be recommended again; replaced by the tuned weights when tuning runs.</summary>
    public BlendWeights ForAll { get; init; } = new(1f, 0.2f, 0.05f);
    /// <summary>Blend when bought items are excluded (only new items).</summary>
    public BlendWeights ForNew { get; init; } = new(0f, 1f, 0.2f);
    /// <summary>Learn the blend on the last <see cref="ValidationWindow"/> of the training period (null: use the weights above).</summary>
    public TimeSpan? ValidationWindow { get; init; } = TimeSpan.FromDays(90);
    /// <summary>
    /// Also validate on the same weeks one <see cref="SeasonLag"/> earlier (the season the model will serve, a year
    /// ago), the objective being the mean of the two splits' NDCG@10 (docs/models.md).
    /// </summary>
    public bool SeasonalValidation { get; init; } = true;
}
