using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Customers;
using Retain.Core.Errors;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Core.Products;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

public sealed record OrderLineInput(int LineNo, string Sku, string? Name, int Quantity, decimal UnitPrice, decimal Discount);

/// <summary>An order as the shop sends it: amounts in <see cref="Currency"/>, lines numbered from 1.</summary>
public sealed record OrderInput(
    string? CustomerExternalId, string? CustomerEmail, DateTime PlacedAt, string Currency, OrderStatus Status,
    decimal Shipping, string? Country, IReadOnlyList<OrderLineInput> Lines);

/// <summary>What an upsert did; <see cref="CustomerExternalId"/> is the customer the order now belongs to (after merges), null when unchanged or a guest.</summary>
public sealed record OrderWrite(Order Order, WriteOutcome Outcome, string? CustomerExternalId);

/// <summary>
/// Order upserts for the API and webhooks, inside the caller's transaction. Conversion to the base currency and the
/// content hash are the importer's (<see cref="ExchangeRateTable"/>, <see cref="ContentHasher"/>), so an order sent
/// through the API and then found again in a CSV export is recognised as the same order.
/// </summary>
public static class OrderWrites
{
    public static async Task<(Order Order, WriteOutcome Outcome)> UpsertAsync(
        RetainDbContext db, string externalId, OrderInput input, string source, DateTime now, CancellationToken cancellationToken)
    {
        var written = await UpsertAsync(db, externalId, input, source, now, new CurrencyRates(TimeProvider.System), new ProductIds(), cancellationToken);
        return (written.Order, written.Outcome);
    }

    /// <summary>
    /// The upsert, with the rates taken from <paramref name="rates"/> and known SKUs from <paramref name="productIds"/>
    /// (whose <see cref="ProductIds.Committed"/> the caller calls after committing); says which customer the order went to.
    /// Inside a transaction, a new order takes the lean path (<see cref="NewOrderWrites"/>); anything else goes through EF.
    /// </summary>
    public static async Task<OrderWrite> UpsertAsync(
        RetainDbContext db, string externalId, OrderInput input, string source, DateTime now, CurrencyRates rates, ProductIds productIds,
        CancellationToken cancellationToken)
    {
        var currency = input.Currency.Trim().ToUpperInvariant();
        var placedAt = UtcTime.Normalize(input.PlacedAt);
        var rate = await RateAsync(db, rates, currency, placedAt, cancellationToken);
        ValidateLines(input.Lines);

        var imported = new ImportedOrder(externalId, ImportedOrderKind.Order, input.CustomerExternalId, placedAt, currency,
            [.. input.Lines.Select(l => new ImportedLine(l.LineNo, l.Sku, l.Name, null, l.Quantity, l.UnitPrice, l.Discount))])
        {
            CustomerEmail = input.CustomerEmail,
            Country = input.Country,
            Shipping = input.Shipping,
            Cancelled = input.Status == OrderStatus.Cancelled,
        };
        var fresh = new NewOrder(externalId, input, source, now, currency, placedAt, rate, new ContentHasher().Hash(imported, placedAt, currency, rate));

        if (db.Database.CurrentTransaction is { } transaction && input.Lines.Count > 0)
        {
            // What the caller tracked but has not saved goes first, as the EF path's SaveChanges would have taken it along.
            if (db.ChangeTracker.HasChanges())
                await db.SaveChangesAsync(cancellationToken);
            var products = new Dictionary<string, long>(StringComparer.Ordinal);
            if (await NewOrderWrites.TryInsertAsync(OrderSql.For(db, transaction), fresh, productIds, products, cancellationToken) is { } written)
            {
                productIds.Learned(db, products);
                return written;
            }
        }
        return await UpsertTrackedAsync(db, fresh, cancellationToken);
    }

    /// <summary>The upsert through EF Core: an order stored already (lines updated in place), or any order outside a transaction.</summary>
    private static async Task<OrderWrite> UpsertTrackedAsync(RetainDbContext db, NewOrder fresh, CancellationToken cancellationToken)
    {
        var (externalId, input, source, now, currency, placedAt, rate, hash) = fresh;
        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.ExternalId == externalId, cancellationToken);
        if (order is not null && order.ContentHash == hash && order.Status == input.Status)
            return new OrderWrite(order, WriteOutcome.Unchanged, null);

        var customer = input.CustomerExternalId is { } cid
            ? await CustomerWrites.EnsureAsync(db, cid, input.CustomerEmail, now, cancellationToken)
            : null;
        var customerId = customer?.Id;
        var products = await ProductWrites.EnsureSkusAsync(db, input.Lines.Select(l => (l.Sku, l.Name)), now, cancellationToken);
        var outcome = order is null ? WriteOutcome.Created : WriteOutcome.Updated;
        if (order is null)
        {
            order = new Order { ExternalId = externalId, Currency = currency, CreatedAt = now };
            db.Orders.Add(order);
        }
        order.CustomerId = customerId;
        order.PlacedAt = placedAt;
        order.Status = input.Status;
        order.Currency = currency;
        order.ExchangeRate = rate;
        order.Shipping = input.Shipping;
        order.Country = input.Country;
        order.Source = source;
        order.ContentHash = hash;
        order.UpdatedAt = now;
        // Lines are matched by number and updated in place, so refunds keep pointing at the lines they gave back.
        var byNo = order.Lines.ToDictionary(l => l.LineNo);
        foreach (var l in input.Lines)
        {
            if (!byNo.Remove(l.LineNo, out var line))
                order.Lines.Add(line = new OrderLine { LineNo = l.LineNo, Sku = l.Sku });
            line.Sku = l.Sku;
            line.Name = l.Name;
            line.ProductId = products[l.Sku];
            line.Quantity = l.Quantity;
            line.UnitPrice = l.UnitPrice;
            line.Discount = l.Discount;
        }
        foreach (var gone in byNo.Values)
            order.Lines.Remove(gone);
        order.Revenue = fresh.Revenue;
        await db.SaveChangesAsync(cancellationToken);
        return new OrderWrite(order, outcome, customer?.ExternalId);
    }

    /// <summary>Base-currency units per unit of <paramref name="currency"/> on the order's day, as the importer finds it.</summary>
    public static Task<decimal> RateAsync(RetainDbContext db, string currency, DateTime at, CancellationToken cancellationToken) =>
        RateAsync(db, new CurrencyRates(TimeProvider.System), currency, at, cancellationToken);

    private static async Task<decimal> RateAsync(RetainDbContext db, CurrencyRates rates, string currency, DateTime at, CancellationToken cancellationToken)
    {
        if (!Iso4217.IsKnown(currency))
            throw new UnprocessableException("currency", $"'{currency}' is not an ISO 4217 currency code.");
        if (await rates.FindAsync(db, currency, at, cancellationToken) is { } rate)
            return rate;
        var baseCurrency = await rates.BaseCurrencyAsync(db, cancellationToken);
        throw new UnprocessableException("currency",
            string.Create(CultureInfo.InvariantCulture, $"No exchange rate {currency}->{baseCurrency} valid on {at:yyyy-MM-dd}; add one to the shop's exchange rates first."));
    }

    private static void ValidateLines(IReadOnlyList<OrderLineInput> lines)
    {
        var errors = new FieldErrors();
        var seen = new HashSet<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!seen.Add(lines[i].LineNo))
                errors.Add($"lines[{i}].lineNo", $"Line number {lines[i].LineNo} appears twice in the order.");
            if (lines[i].Discount > lines[i].Quantity * lines[i].UnitPrice)
                errors.Add($"lines[{i}].discount", "The discount is larger than quantity × unit price.");
        }
        errors.ThrowIfAny();
    }
}
