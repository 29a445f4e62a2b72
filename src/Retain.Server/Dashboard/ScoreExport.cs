using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Scores;
using Retain.Core.Storage;

namespace Retain.Server.Dashboard;

/// <summary>
/// The at-risk and VIP lists as CSV, streamed row by row so a list of any length costs constant memory. Columns are
/// the API's score fields; numbers are invariant (a dot for decimals) so any spreadsheet or mailing tool reads them.
/// </summary>
public static class ScoreExport
{
    public const string Header = "customer_id,churn_probability,clv_12_months,clv_12_months_lower,clv_12_months_upper,probability_alive,expected_purchases_90_days,expected_next_order,top_churn_reason";

    internal static async Task Export(string segment, HttpContext context, IDbContextFactory<RetainDbContext> contexts)
    {
        ScoreSegment? wanted = segment switch { "at-risk" => ScoreSegment.AtRisk, "vip" => ScoreSegment.Vip, _ => null };
        if (wanted is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var token = context.RequestAborted;
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{segment}.csv\"";
        await using var db = await contexts.CreateDbContextAsync(token);
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(Header + "\n");
        await foreach (var s in ScoreQueries.AllAsync(db, wanted.Value, token))
            await writer.WriteAsync(Line(s));
        await writer.FlushAsync(token);
    }

    private static string Line(CustomerScoresResponse s) => string.Create(CultureInfo.InvariantCulture,
        $"{Csv(s.CustomerId)},{s.ChurnProbability:R},{s.Clv12Months?.Value:R},{s.Clv12Months?.Lower:R},{s.Clv12Months?.Upper:R},{s.ProbabilityAlive.Value:R},{s.ExpectedPurchases90Days.Value:R},{s.ExpectedNextOrder.Value:yyyy-MM-dd},{Csv(s.ChurnReasons.Count > 0 ? s.ChurnReasons[0].Text : "")}\n");

    /// <summary>Quotes a field holding a comma, quote or line break; defuses a leading formula character for spreadsheets.</summary>
    public static string Csv(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
