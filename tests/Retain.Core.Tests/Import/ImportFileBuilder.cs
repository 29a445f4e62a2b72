using Retain.Core.Import;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Tests.Import;

/// <summary>Builds what a parser would yield from a file, numbering rows like the file would (row 1 is the header).</summary>
internal sealed class ImportFileBuilder
{
    private long _nextLine = 2;

    public List<ImportedOrder> Orders { get; } = [];
    public List<RejectedRow> Rejects { get; } = [];

    public ImportFileBuilder Order(string id, string? customer, DateTime placedAt, params (string Sku, int Quantity, decimal Price)[] lines) =>
        Add(new ImportedOrder(id, ImportedOrderKind.Order, customer, placedAt, "PLN", Lines(lines)));

    public ImportFileBuilder Refund(string id, string? customer, DateTime refundedAt, string? ofOrder, params (string Sku, int Quantity, decimal Price)[] lines) =>
        Add(new ImportedOrder(id, ImportedOrderKind.Refund, customer, refundedAt, "PLN", Lines(lines)) { RefundsOrderExternalId = ofOrder });

    public ImportFileBuilder Add(ImportedOrder order)
    {
        Orders.Add(order);
        return this;
    }

    public ImportFileBuilder Reject(string reason)
    {
        Rejects.Add(new RejectedRow(_nextLine++, reason, "raw,row"));
        return this;
    }

    public ImportedLine[] Lines(params (string Sku, int Quantity, decimal Price)[] lines) =>
        [.. lines.Select(l => new ImportedLine(_nextLine++, l.Sku, $"Product {l.Sku}", null, l.Quantity, l.Price, 0m))];

    public ImportSource ToSource(string fileName) => new(fileName, Orders) { Rejects = Rejects, Preset = "test" };
}
