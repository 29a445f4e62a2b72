using Retain.Analytics.Data;

namespace Retain.Analytics.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void OrderFact_GuestIsNegative() => Assert.True(new OrderFact(OrderFact.Guest, DateTime.UnixEpoch, 1m).IsGuest);
}
