using System.Text.Json;
using Microsoft.Data.Sqlite;
using Retain.Server.Cli;

namespace Retain.Server.Tests;

/// <summary><c>retain backtest</c> end to end on a small demo shop: the JSON's figures against independent SQL counts, the HTML page, exit codes.</summary>
[Collection(nameof(ConsoleRedirection))]
public sealed class BacktestCommandTests : IAsyncLifetime
{
    private const string Cutoff = "2025-03-01";
    private readonly string _dir = Directory.CreateTempSubdirectory("retain-backtest-").FullName;
    private string Db => Path.Combine(_dir, "demo.db");

    public async ValueTask InitializeAsync() =>
        Assert.Equal(0, await RetainCli.RunAsync(["demo", "--no-serve", "--customers", "1000", "--end-date", "2025-06-30", "--data-dir", _dir]));

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<(int Code, string Output)> RunCapturedAsync(params string[] args)
    {
        var previous = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var code = await RetainCli.RunAsync(args);
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    [Fact]
    public async Task Json_HoldoutFigures_MatchIndependentCounts_AndHtmlIsSelfContained()
    {
        var html = Path.Combine(_dir, "backtest.html");
        var (code, output) = await RunCapturedAsync("backtest", "--db", Db, "--cutoff", Cutoff, "--holdout", "90", "--json", "--html", html);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var period = json.RootElement.GetProperty("period");

        // Population: customers with a (not cancelled) order before the cutoff; holdout: their distinct purchase days
        // in [cutoff, cutoff + 90 days). Times are stored as ISO text on SQLite, so date() and string order work.
        const string live = "\"Status\" <> 3 AND \"CustomerId\" IS NOT NULL";
        var population = $"SELECT DISTINCT \"CustomerId\" FROM \"Orders\" WHERE {live} AND \"PlacedAt\" < '{Cutoff}'";
        var customers = Scalar($"SELECT COUNT(*) FROM ({population})");
        var holdout = Scalar($"SELECT COUNT(*) FROM (SELECT DISTINCT \"CustomerId\", date(\"PlacedAt\") FROM \"Orders\" WHERE {live} AND \"PlacedAt\" >= '{Cutoff}' AND \"PlacedAt\" < '2025-05-30' AND \"CustomerId\" IN ({population}))");
        var calibrationDays = Scalar($"SELECT COUNT(*) FROM (SELECT DISTINCT \"CustomerId\", date(\"PlacedAt\") FROM \"Orders\" WHERE {live} AND \"PlacedAt\" < '{Cutoff}')");
        var churned = Scalar($"SELECT COUNT(*) FROM ({population}) p WHERE NOT EXISTS (SELECT 1 FROM \"Orders\" o WHERE o.\"CustomerId\" = p.\"CustomerId\" AND o.\"Status\" <> 3 AND o.\"PlacedAt\" >= '{Cutoff}' AND o.\"PlacedAt\" < '2025-05-30')");
        Assert.True(holdout > 0 && customers > 0);

        Assert.Equal(customers, period.GetProperty("customers").GetInt64());
        Assert.Equal(holdout, period.GetProperty("holdoutPurchases").GetInt64());
        Assert.Equal(calibrationDays - customers, period.GetProperty("calibrationRepeatPurchases").GetInt64());
        var models = json.RootElement.GetProperty("purchaseModels");
        Assert.Equal(["BG/NBD", "Pareto/NBD"], models.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.All(models.EnumerateArray(), m => Assert.Equal(holdout, m.GetProperty("actualHoldout").GetInt64()));
        var tracking = json.RootElement.GetProperty("tracking");
        Assert.Equal(calibrationDays - customers + holdout, tracking[tracking.GetArrayLength() - 1].GetProperty("actual").GetInt64());

        var churn = json.RootElement.GetProperty("churn").GetProperty("model");
        Assert.Equal(customers, churn.GetProperty("count").GetInt64());
        Assert.Equal(churned / (double)customers, churn.GetProperty("baseRate").GetDouble(), 12);
        Assert.InRange(churn.GetProperty("rocAuc").GetDouble(), 0.5, 1);

        var page = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        foreach (var chart in new[] { "Cumulative repeat purchases", "Holdout purchases by calibration frequency", "Calibration by decile", "ROC curve", "Precision-recall curve" })
            Assert.Contains($"<title>{chart}", page, StringComparison.Ordinal);
        Assert.Contains("Std. error", page, StringComparison.Ordinal);
        var withoutNamespace = page.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);
        Assert.DoesNotContain("http:", withoutNamespace, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", withoutNamespace, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", page, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--cutoff", "01/03/2025", "--cutoff must be a date")]
    [InlineData("--holdout", "0", "--holdout must be a positive")]
    [InlineData("--cutoff", "2025-06-01", "ends after the last order")]
    [InlineData("--cutoff", "2020-01-01", "no customer ordered before")]
    public async Task BadOption_ExitsTwo_WithAClearMessage(string option, string value, string message)
    {
        var previous = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        int code;
        try
        {
            code = await RetainCli.RunAsync(["backtest", "--db", Db, option, value]);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
