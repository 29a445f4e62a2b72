using System.CommandLine;
using Retain.Analytics.Data;
using Retain.Core.Import.Parsing;

namespace Retain.Server.Cli;

/// <summary>The options of the verbs that read an order file straight into memory (<c>analyze</c>, <c>backtest --file</c>).</summary>
internal sealed class OrderFileCliOptions
{
    public Option<string> Preset { get; } = new("--preset")
    {
        Description = "File layout: auto (from the header), online-retail-ii, shopify or generic.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Map { get; } = new("--map")
    {
        Description = "Column mapping over the preset (generic when auto), e.g. \"order_id=Invoice,customer_id=Customer ID,date_format=dd/MM/yyyy HH:mm,currency=EUR,cancel_prefix=C\".",
    };

    public Option<bool> Dedup { get; } = new("--dedup") { Description = "Drop a later row group that repeats an order already read in full (same id, same rows)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Preset);
        command.Options.Add(Map);
        command.Options.Add(Dedup);
    }

    /// <exception cref="ArgumentException">An unknown preset or a bad mapping.</exception>
    public ImportOptions ToImportOptions(ParseResult parse)
    {
        var preset = OrderFileFormat.FromPreset(parse.GetValue(Preset)!);
        if (parse.GetValue(Map) is { Length: > 0 } map)
            preset = (preset == OrderFileFormat.Auto ? OrderFileFormat.Generic : preset).WithMapping(map);
        return new ImportOptions { Format = preset, DropRepeatedOrders = parse.GetValue(Dedup) };
    }

    /// <summary>Reads the file's orders into a <see cref="ShopData"/> (cancellations and other currencies are skipped).</summary>
    /// <exception cref="ImportFileException">The file cannot be read as orders.</exception>
    public static ShopData Read(string path, ImportOptions options, CancellationToken cancellationToken)
    {
        using var reader = OrderFileReader.Open(path, options);
        var builder = new ShopDataBuilder();
        foreach (var order in reader.ReadOrderTotals(cancellationToken))
            builder.Add(order);
        return builder.Build();
    }
}
