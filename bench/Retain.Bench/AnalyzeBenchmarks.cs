using BenchmarkDotNet.Attributes;
using Retain.Analytics.Data;
using Retain.Core.Import.Parsing;
using Retain.Core.Reports;

namespace Retain.Bench;

/// <summary>
/// The two halves of <c>retain analyze</c> in steady state (JIT done):
/// <c>dotnet run -c Release --project bench/Retain.Bench -- --filter '*AnalyzeBenchmarks*'</c>.
/// The end-to-end figure (process start to printed report, side by side with pandas) comes from hyperfine; see
/// docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AnalyzeBenchmarks
{
    private string _path = "";
    private ShopData _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Environment.GetEnvironmentVariable("RETAIN_ORDERS_FILE")
                ?? Path.GetFullPath("../shared/data/online_retail_ii/online_retail_II.csv.gz");
        _data = Read();
    }

    [Benchmark(Description = "read Online Retail II into ShopData")]
    public ShopData Read()
    {
        using var reader = OrderFileReader.Open(_path, new ImportOptions { Format = OrderFileFormat.OnlineRetailII });
        var builder = new ShopDataBuilder();
        foreach (var order in reader.ReadOrderTotals())
            builder.Add(order);
        return builder.Build();
    }

    [Benchmark(Description = "build the Measure report")]
    public MeasureReport Report() => MeasureReportBuilder.Build(_data);
}
