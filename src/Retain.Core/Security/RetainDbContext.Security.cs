using Microsoft.EntityFrameworkCore;
using Retain.Core.Security;

namespace Retain.Core.Storage;

public sealed partial class RetainDbContext
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<User> Users => Set<User>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
