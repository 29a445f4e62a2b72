namespace Retain.Analytics.Recommendations;

/// <summary>Many customers at once (evaluation, tuning, export), in parallel, each thread with its own scratch.</summary>
public sealed partial class Recommender
{
    /// <summary>Gathers each customer's signals and hands them to <paramref name="visit"/> with the customer's position.</summary>
    private void GatherMany(IReadOnlyList<int> users, Action<int, RecommenderScratch, Scale> visit) =>
        Parallel.For(0, users.Count, t =>
        {
            var scratch = RecommenderScratch.For(Train.Items, Train.Users);
            visit(t, scratch, Gather(users[t], scratch));
            scratch.Release();
        });
}
