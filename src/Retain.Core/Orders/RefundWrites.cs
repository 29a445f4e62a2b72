using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Errors;
using Retain.Core.Storage;

namespace Retain.Core.Orders;

/// <summary>One line given back: which order line, how many, and (optionally) how much in the order currency.</summary>
public sealed record RefundLineInput(int LineNo, int Quantity, decimal? Amount);

public sealed record RefundInput(string RefundExternalId, DateTime? RefundedAt, RefundKind Kind, string? Reason, IReadOnlyList<RefundLineInput> Lines);

public sealed record RefundView(string ExternalId, string OrderExternalId, DateTime RefundedAt, string Kind, string Currency, decimal Amount, string BaseCurrency, string? Reason, IReadOnlyList<RefundLineView> Lines);

public sealed record RefundLineView(int LineNo, string Sku, int Quantity, decimal Amount);

/// <summary>
/// Refunds and returns per order line. The refund's own external id makes a retry harmless; nobody can give back more
/// of a line than was bought (less what earlier refunds gave back).
/// </summary>
public static class RefundWrites
{
    public static async Task<(RefundView Refund, WriteOutcome Outcome)> RecordAsync(
        RetainDbContext db, string orderExternalId, RefundInput input, string source, DateTime now, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.ExternalId == orderExternalId, cancellationToken)
            ?? throw new NotFoundException($"No order '{orderExternalId}'.");
        var refundedAt = UtcTime.Normalize(input.RefundedAt ?? now);
        // The time as sent (not the default of now), so a retry that leaves it out hashes the same.
        var hash = Hash(orderExternalId, input, input.RefundedAt is { } sent ? UtcTime.Normalize(sent) : null);
        var existing = await db.Refunds.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.ExternalId == input.RefundExternalId, cancellationToken);
        if (existing is not null)
        {
            if (existing.OrderId != order.Id || existing.ContentHash != hash)
                throw new ConflictException($"Refund '{input.RefundExternalId}' is already recorded with different content; a refund cannot be changed.", "refundExternalId");
            return (View(existing, order, await db.GetBaseCurrencyAsync(cancellationToken)), WriteOutcome.Unchanged);
        }

        var lines = order.Lines.ToDictionary(l => l.LineNo);
        var given = (await db.RefundLines.AsNoTracking().Where(l => l.OrderId == order.Id && l.OrderLineNo != null)
                .Select(l => new { l.OrderLineNo, l.Quantity, l.Amount }).ToListAsync(cancellationToken))
            .GroupBy(l => l.OrderLineNo!.Value).ToDictionary(g => g.Key, g => (Quantity: g.Sum(l => l.Quantity), Amount: g.Sum(l => l.Amount)));
        var errors = new FieldErrors();
        var seen = new HashSet<int>();
        var refund = new Refund
        {
            ExternalId = input.RefundExternalId, OrderId = order.Id, CustomerId = order.CustomerId, RefundedAt = refundedAt, Kind = input.Kind,
            Currency = order.Currency, ExchangeRate = order.ExchangeRate, Reason = input.Reason, Source = source, ContentHash = hash, CreatedAt = now,
        };
        for (var i = 0; i < input.Lines.Count; i++)
        {
            var l = input.Lines[i];
            if (!seen.Add(l.LineNo))
            {
                errors.Add($"lines[{i}].lineNo", $"Line {l.LineNo} appears twice in the refund.");
                continue;
            }
            if (!lines.TryGetValue(l.LineNo, out var line))
            {
                errors.Add($"lines[{i}].lineNo", $"Order '{orderExternalId}' has no line {l.LineNo}.");
                continue;
            }
            var before = given.GetValueOrDefault(line.LineNo);
            var left = line.Quantity - before.Quantity;
            if (l.Quantity > left)
            {
                errors.Add($"lines[{i}].quantity", string.Create(CultureInfo.InvariantCulture,
                    $"Line {l.LineNo} had {line.Quantity} bought and {before.Quantity} already given back; {l.Quantity} more is too many."));
                continue;
            }
            var lineAmount = line.Quantity * line.UnitPrice - line.Discount;
            // By default a unit gives back its share of the line's net amount, discount included.
            var amount = l.Amount ?? decimal.Round(lineAmount * l.Quantity / line.Quantity, ColumnSizes.MoneyScale, MidpointRounding.AwayFromZero);
            if (amount > lineAmount - before.Amount)
            {
                errors.Add($"lines[{i}].amount", string.Create(CultureInfo.InvariantCulture,
                    $"Line {l.LineNo} is worth {lineAmount} {order.Currency} and {before.Amount} was already given back; {amount} more is too much."));
                continue;
            }
            refund.Lines.Add(new RefundLine { LineNo = i + 1, OrderId = order.Id, OrderLineNo = line.LineNo, Sku = line.Sku, Quantity = l.Quantity, Amount = amount });
        }
        errors.ThrowIfAny();
        refund.Amount = decimal.Round(refund.Lines.Sum(l => l.Amount) * order.ExchangeRate, ColumnSizes.MoneyScale, MidpointRounding.AwayFromZero);
        db.Refunds.Add(refund);
        await db.SaveChangesAsync(cancellationToken);
        return (View(refund, order, await db.GetBaseCurrencyAsync(cancellationToken)), WriteOutcome.Created);
    }

    private static RefundView View(Refund refund, Order order, string baseCurrency)
    {
        return new RefundView(refund.ExternalId, order.ExternalId, refund.RefundedAt, refund.Kind.ToString().ToLowerInvariant(), refund.Currency,
            refund.Amount, baseCurrency, refund.Reason,
            [.. refund.Lines.OrderBy(l => l.LineNo).Select(l => new RefundLineView(l.OrderLineNo ?? 0, l.Sku, l.Quantity, l.Amount))]);
    }

    private static string Hash(string orderExternalId, RefundInput input, DateTime? refundedAt)
    {
        var text = new StringBuilder();
        text.Append(orderExternalId).Append('\n').Append(input.RefundExternalId).Append('\n')
            .Append(refundedAt?.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(input.Kind).Append('\n').Append(input.Reason).Append('\n');
        foreach (var l in input.Lines)
            text.Append(CultureInfo.InvariantCulture, $"{l.LineNo}|{l.Quantity}|{l.Amount}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
