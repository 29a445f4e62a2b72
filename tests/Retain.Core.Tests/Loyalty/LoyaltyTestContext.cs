using Microsoft.Extensions.Options;
using Retain.Core.Customers;
using Retain.Core.Loyalty;
using Retain.Core.Storage;
using Retain.Core.Tests.Storage;

namespace Retain.Core.Tests.Loyalty;

/// <summary>A time the test moves by hand; whole seconds, so both providers store it exactly.</summary>
internal sealed class ManualClock(DateTime start) : TimeProvider
{
    public DateTime Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
}

/// <summary>A fresh migrated database of one provider with a ledger, a programme, a clock and some customers.</summary>
internal sealed class LoyaltyTestContext : IAsyncDisposable
{
    public static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private LoyaltyTestContext(TestDatabase database, DebtPolicy policy)
    {
        Database = database;
        Options = new LoyaltyOptions { DebtPolicy = policy };
        Ledger = new LoyaltyLedger(database.Factory, new SqliteWriteGate(), Clock, Microsoft.Extensions.Options.Options.Create(Options));
        Programme = new LoyaltyProgramme(database.Factory, Clock);
    }

    public TestDatabase Database { get; }
    public ManualClock Clock { get; } = new(Start);
    public LoyaltyOptions Options { get; }
    public LoyaltyLedger Ledger { get; }
    public LoyaltyProgramme Programme { get; }
    public List<long> Customers { get; } = [];

    public static async Task<LoyaltyTestContext> CreateAsync(DatabaseProvider provider, int customers = 3, DebtPolicy policy = DebtPolicy.RecordDebt)
    {
        var context = new LoyaltyTestContext(await TestDatabase.CreateAsync(provider), policy);
        await using var db = context.Database.NewContext();
        var rows = Enumerable.Range(1, customers)
            .Select(i => new Customer { ExternalId = $"c{i}", CreatedAt = Start, UpdatedAt = Start }).ToList();
        db.Customers.AddRange(rows);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        context.Customers.AddRange(rows.Select(r => r.Id));
        return context;
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
