using Retain.Core.Scores;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Scores;

/// <summary>The lease that keeps two servers on one database from running a job at the same time, on both providers.</summary>
public sealed class JobLeasesTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Lease_IsHeldByOneOwner_UntilReleasedOrExpired(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var leases = new JobLeases(database.Factory);

        Assert.True(await leases.TryAcquireAsync("scores", "a", Minute, Now, Ct));
        Assert.False(await leases.TryAcquireAsync("scores", "b", Minute, Now.AddSeconds(30), Ct));
        Assert.True(await leases.TryAcquireAsync("other", "b", Minute, Now, Ct)); // another job is another lease
        Assert.True(await leases.TryAcquireAsync("scores", "a", Minute, Now.AddSeconds(50), Ct)); // renewal, to 12:01:50
        Assert.False(await leases.TryAcquireAsync("scores", "b", Minute, Now.AddSeconds(70), Ct));
        Assert.True(await leases.TryAcquireAsync("scores", "b", Minute, Now.AddSeconds(111), Ct)); // expired

        await leases.ReleaseAsync("scores", "a", Now.AddSeconds(112), Ct); // no longer a's: changes nothing
        Assert.False(await leases.TryAcquireAsync("scores", "c", Minute, Now.AddSeconds(113), Ct));
        await leases.ReleaseAsync("scores", "b", Now.AddSeconds(114), Ct);
        Assert.True(await leases.TryAcquireAsync("scores", "c", Minute, Now.AddSeconds(115), Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ConcurrentOwners_ExactlyOneWins(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var leases = new JobLeases(database.Factory);
        for (var round = 0; round < 5; round++)
        {
            // Each round starts after the previous lease expired, so the UPDATE path races too (not only the INSERT).
            var at = Now.AddHours(round);
            var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => leases.TryAcquireAsync("scores", $"owner-{round}-{i}", Minute, at, Ct), Ct)));
            Assert.Equal(1, wins.Count(w => w));
        }
    }
}
