using System.ComponentModel.DataAnnotations;

namespace Retain.Server.Auth;

/// <summary>Per-caller request limits (section <c>Retain:Api:RateLimit</c>): a token bucket per API key or user.</summary>
public sealed class ApiRateLimitOptions
{
    public const string SectionName = "Retain:Api:RateLimit";
    public const string PolicyName = "per-caller";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second per caller.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 1_000;

    /// <summary>Requests a caller may burst above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 2_000;
}
