using Microsoft.EntityFrameworkCore;
using Retain.Core.Consents;
using Retain.Core.Customers;
using Retain.Core.Events;
using Retain.Core.Orders;
using Retain.Core.Products;
using Retain.Core.Shop;

namespace Retain.Core.Storage;

/// <summary>
/// The one DbContext. Each feature adds its sets in a partial file of its own and its mapping as
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes beside its entities.
/// </summary>
public sealed partial class RetainDbContext(DbContextOptions<RetainDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<RefundLine> RefundLines => Set<RefundLine>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<CustomerEvent> Events => Set<CustomerEvent>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<ShopSetting> Settings => Set<ShopSetting>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();

    /// <summary>The provider this context runs on.</summary>
    public DatabaseProvider Provider => Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RetainDbContext).Assembly);
        // Each provider gets its own model (EF caches one per provider), so this runs once per provider.
        if (Database.IsSqlite())
            SqliteModelConventions.Apply(modelBuilder);
    }
}
