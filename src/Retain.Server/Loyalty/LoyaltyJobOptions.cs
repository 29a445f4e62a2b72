using System.ComponentModel.DataAnnotations;

namespace Retain.Server.Loyalty;

/// <summary>The loyalty background job (section <c>Retain:Loyalty:Job</c>).</summary>
public sealed class LoyaltyJobOptions
{
    public const string SectionName = "Retain:Loyalty:Job";

    public bool Enabled { get; set; } = true;

    /// <summary>How often the job earns for new orders, reverses refunds, releases pending points, expires lots and codes and reviews tiers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one pass may hold the job's lease; renewed after every chunk.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Orders or refunds read per chunk.</summary>
    [Range(1, 100_000)]
    public int ChunkSize { get; set; } = 500;
}
