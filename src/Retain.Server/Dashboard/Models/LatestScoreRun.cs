using Microsoft.EntityFrameworkCore;
using Retain.Core.Storage;

namespace Retain.Server.Dashboard.Models;

/// <summary>The score run customers' predictions come from, as the Models page shows it.</summary>
public sealed record ScoreRunView(long Id, string ModelVersion, DateTime DataCutoff, DateTime ComputedAt, int Customers, string ChurnSource, double? VipThreshold);

public static class LatestScoreRun
{
    /// <summary>The newest stored run (a run row exists only once all its scores are committed), or null before the first.</summary>
    public static async Task<ScoreRunView?> ReadAsync(RetainDbContext db, CancellationToken cancellationToken = default) =>
        await db.ScoreRuns.AsNoTracking().OrderByDescending(r => r.Id)
            .Select(r => new ScoreRunView(r.Id, r.ModelVersion, r.DataCutoff, r.ComputedAt, r.Customers, r.ChurnSource, r.VipThreshold))
            .FirstOrDefaultAsync(cancellationToken);
}
