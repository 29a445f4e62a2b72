using Microsoft.EntityFrameworkCore;
using Retain.Core.Import;

namespace Retain.Core.Storage;

public sealed partial class RetainDbContext
{
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
}
