using Microsoft.EntityFrameworkCore;
using Retain.Core.Idempotency;

namespace Retain.Core.Storage;

public sealed partial class RetainDbContext
{
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
}
