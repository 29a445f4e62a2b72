using Microsoft.EntityFrameworkCore;
using Retain.Core.Scores;

namespace Retain.Core.Storage;

public sealed partial class RetainDbContext
{
    public DbSet<CustomerScore> CustomerScores => Set<CustomerScore>();
    public DbSet<ScoreRun> ScoreRuns => Set<ScoreRun>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
}
