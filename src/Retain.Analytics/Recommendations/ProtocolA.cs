namespace Retain.Analytics.Recommendations;

/// <summary>A model under evaluation: the top <c>k</c> item indices for a user, optionally without items they bought.</summary>
public interface ITopNRecommender
{
    int[] Recommend(int user, int k, bool excludeBought);

    /// <summary>Both variants for one user; a model that gathers a user's signals once overrides this.</summary>
    (int[] All, int[]? New) RecommendBoth(int user, int k, bool withNew) =>
        (Recommend(user, k, excludeBought: false), withNew ? Recommend(user, k, excludeBought: true) : null);

    /// <summary>Both variants for many users; a model that batches its work overrides this.</summary>
    (int[] All, int[]? New)[] RecommendBothMany(int[] users, int k, bool[] withNew)
    {
        var result = new (int[] All, int[]? New)[users.Length];
        Parallel.For(0, users.Length, t => result[t] = RecommendBoth(users[t], k, withNew[t]));
        return result;
    }
}

/// <summary>
/// Protocol A of EVALUATION.md §3: train = interactions before the cutoff; test users bought before and on/after it;
/// relevant = distinct items bought on/after. A1 recommends anything; A2 removes each user's training items from the
/// recommendations and the relevant set and keeps users with something left.
/// </summary>
public sealed class ProtocolA
{
    public required PurchaseLog Log { get; init; }
    public required DateTime Cutoff { get; init; }
    public required int TrainUsers { get; init; }
    public required int TrainItems { get; init; }
    public required int[] TestUsers { get; init; }
    /// <summary>Relevant items per test user (A1), ascending.</summary>
    public required int[][] Relevant { get; init; }
    /// <summary>Relevant items not bought in training, per test user, ascending (A2; may be empty).</summary>
    public required int[][] RelevantUnbought { get; init; }

    public int A2Users => RelevantUnbought.Count(r => r.Length > 0);

    /// <summary>Splits at <paramref name="cutoff"/>; rows at or after <paramref name="until"/> are ignored (a validation split inside a training period).</summary>
    public static ProtocolA Split(PurchaseLog log, DateTime cutoff, DateTime? until = null)
    {
        var end = (until ?? DateTime.MaxValue).Ticks;
        var users = log.Customers.Length;
        var before = new HashSet<int>[users];
        var after = new HashSet<int>[users];
        var trainItems = new HashSet<int>();
        for (var r = 0; r < log.Count; r++)
        {
            if (log.Kind[r] != InteractionKind.Purchase || log.Ticks[r] >= end)
                continue;
            var u = log.User[r];
            if (log.Ticks[r] < cutoff.Ticks)
            {
                (before[u] ??= []).Add(log.Item[r]);
                trainItems.Add(log.Item[r]);
            }
            else
                (after[u] ??= []).Add(log.Item[r]);
        }
        var test = Enumerable.Range(0, users).Where(u => before[u] is not null && after[u] is not null).ToArray();
        return new ProtocolA
        {
            Log = log,
            Cutoff = cutoff,
            TrainUsers = before.Count(b => b is not null),
            TrainItems = trainItems.Count,
            TestUsers = test,
            Relevant = [.. test.Select(u => after[u]!.Order().ToArray())],
            RelevantUnbought = [.. test.Select(u => after[u]!.Where(i => !before[u]!.Contains(i)).Order().ToArray())],
        };
    }

    /// <summary>Both variants' metrics at <paramref name="k"/> (10 in the protocol).</summary>
    public (RankingMetrics A1, RankingMetrics A2) Evaluate(ITopNRecommender model, int k = 10)
    {
        var both = model.RecommendBothMany(TestUsers, k, [.. RelevantUnbought.Select(r => r.Length > 0)]);
        var a1 = both.Select(b => b.All).ToArray();
        var a2 = both.Select(b => b.New!).ToArray();
        var keep = Enumerable.Range(0, TestUsers.Length).Where(t => RelevantUnbought[t].Length > 0).ToArray();
        return (RankingMetrics.Of(a1, Relevant, k, TrainItems),
            RankingMetrics.Of([.. keep.Select(t => a2[t])], [.. keep.Select(t => RelevantUnbought[t])], k, TrainItems));
    }
}
