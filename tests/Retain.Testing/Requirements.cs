namespace Retain.Testing;

/// <summary>
/// Tests that need something outside the repository (the public datasets, a PostgreSQL server, a browser) skip with a
/// clear reason on a fresh clone, and fail instead when <c>RETAIN_REQUIRE_ALL=1</c> (CI sets it): CI must run them all.
/// </summary>
public static class Requirements
{
    public static bool AllRequired =>
        Environment.GetEnvironmentVariable("RETAIN_REQUIRE_ALL") is "1" or "true";

    /// <summary>Skips the current test (or fails it, where everything is required) with <paramref name="reason"/>.</summary>
    public static void Unavailable(string reason)
    {
        if (AllRequired)
            Assert.Fail($"Required by RETAIN_REQUIRE_ALL but unavailable: {reason}");
        Assert.Skip(reason);
    }
}
