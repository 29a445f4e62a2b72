using System.Text.Json;
using Retain.Server.Cli;

namespace Retain.Server.Tests;

/// <summary><c>retain backtest recommendations</c> and <c>retain recommend export</c> on a small file.</summary>
[Collection(nameof(ConsoleRedirection))]
public sealed class RecommendationCommandTests : IDisposable
{
    // a and b buy X with Y before March; both come back in March, a for Z (new), b for X again.
    private const string Csv = "order_id,customer_id,ordered_at,sku,quantity,unit_price,currency,country\n" +
                               "1,a,2024-01-05 10:00:00,X,2,10,EUR,PL\n1,a,2024-01-05 10:00:00,Y,1,10,EUR,PL\n" +
                               "2,b,2024-01-20 10:00:00,X,1,5,EUR,DE\n2,b,2024-01-20 10:00:00,Y,1,5,EUR,DE\n" +
                               "3,c,2024-02-10 10:00:00,Z,1,7.5,EUR,PL\n" +
                               "4,a,2024-03-02 10:00:00,Z,1,3,EUR,PL\n5,b,2024-03-03 10:00:00,X,1,3,EUR,DE\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("retain-recs-cli-").FullName;

    private string File(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Backtest_PrintsEveryModel_AsJson()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await RetainCli.RunAsync(["backtest", "recommendations", "--file", File("orders.csv", Csv), "--cutoff", "2024-03-01", "--json"]));
        }
        finally
        {
            Console.SetOut(original);
        }
        using var json = JsonDocument.Parse(output.ToString());
        var result = json.RootElement.GetProperty("result");
        Assert.Equal(2, result.GetProperty("testUsers").GetInt32());
        Assert.Equal(1, result.GetProperty("a2Users").GetInt32()); // only a bought something new
        Assert.Equal(["popularity", "repurchase", "sar", "sar-decay", "retain"],
            result.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Backtest_BadCutoff_Exits2()
    {
        Assert.Equal(2, await RetainCli.RunAsync(["backtest", "recommendations", "--file", File("orders.csv", Csv), "--cutoff", "March"]));
    }

    [Fact]
    public async Task Export_WritesTopNPerCustomer_WithReasons()
    {
        var file = File("orders.csv", Csv);
        Assert.Equal(0, await RetainCli.RunAsync(["import", "orders", file, "--base-currency", "EUR", "--data-dir", _dir]));
        var csv = Path.Combine(_dir, "recs.csv");
        Assert.Equal(0, await RetainCli.RunAsync(["recommend", "export", "--segment", "all", "--top", "2", "--out", csv, "--data-dir", _dir]));
        var lines = System.IO.File.ReadAllLines(csv);
        Assert.Equal("customer_id,rank,sku,name,score,reason,because_of,explanation", lines[0]);
        Assert.Equal(1 + 3 * 2, lines.Length); // three customers, two each
        Assert.Contains(lines, l => l.StartsWith("c,1,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_UnknownSegment_Fails()
    {
        Assert.NotEqual(0, await RetainCli.RunAsync(["recommend", "export", "--segment", "Nobody", "--out", Path.Combine(_dir, "x.csv"), "--data-dir", _dir]));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
