using System.ComponentModel.DataAnnotations;

namespace Retain.Server.Scores;

/// <summary>The background rescoring job (section <c>Retain:Scores</c>).</summary>
public sealed class ScoresOptions
{
    public const string SectionName = "Retain:Scores";

    /// <summary>Whether the server keeps the scores current by itself.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job checks whether the data changed since the last run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a run may hold the job's lease; another server takes over after it expires.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromHours(2);
}
