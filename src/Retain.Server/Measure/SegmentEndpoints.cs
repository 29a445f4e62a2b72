using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Analytics.Measure;
using Retain.Core.Reports;
using Retain.Server.Api;

namespace Retain.Server.Measure;

/// <summary>Who is in an RFM segment: paged JSON, or the whole list as CSV for a mailing tool.</summary>
public static class SegmentEndpoints
{
    public static IEndpointRouteBuilder MapSegments(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/measure/rfm/segments", "Measure");
        group.MapGet("/{segment}/members", Members).Reads().WithSummary("Members of an RFM segment (?format=csv for all of them as CSV)");
        return app;
    }

    public sealed record SegmentMember(string ExternalId, int RecencyDays, int Frequency, decimal Monetary, string Score);

    public sealed record SegmentPage(string Segment, DateTime Snapshot, int Total, int Page, int PageSize, IReadOnlyList<SegmentMember> Items);

    public sealed record MembersQuery(
        DateOnly? Snapshot,
        [property: Range(1, 1_000_000)] int? Page,
        [property: Range(1, 1_000)] int? PageSize,
        [property: AllowedValues(null, "json", "csv")] string? Format);

    internal static async Task<Results<Ok<SegmentPage>, FileContentHttpResult, ValidationProblem>> Members(
        string segment, [AsParameters] MembersQuery query, ShopDataSource source, CancellationToken cancellationToken)
    {
        var wanted = Enum.GetValues<RfmSegment>().Where(s => Normalize(s.ToString()) == Normalize(segment)).Select(s => (RfmSegment?)s).FirstOrDefault();
        if (wanted is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["segment"] = [$"Unknown segment '{segment}'; one of: {string.Join(", ", Enum.GetValues<RfmSegment>().Select(s => Kebab(s.ToString())))}."],
            });
        var data = await source.GetAsync(cancellationToken);
        var options = MeasureEndpoints.ToOptions(new MeasureEndpoints.MeasureQuery(null, null, query.Snapshot, null), data);
        var (_, snapshot) = MeasureReportBuilder.Resolve(data, options);
        var members = Rfm.Score(data, snapshot).Customers.Where(c => c.Segment == wanted)
            .OrderByDescending(c => c.Monetary).ThenBy(c => c.ExternalId, StringComparer.Ordinal)
            .Select(c => new SegmentMember(c.ExternalId, c.RecencyDays, c.Frequency, c.Monetary, c.Score)).ToList();
        if (query.Format == "csv")
        {
            var csv = new StringBuilder("external_id,recency_days,frequency,monetary,rfm_score\n");
            foreach (var m in members)
                csv.Append(CultureInfo.InvariantCulture, $"{Csv(m.ExternalId)},{m.RecencyDays},{m.Frequency},{m.Monetary},{m.Score}\n");
            return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"rfm-{Kebab(wanted.Value.ToString())}.csv");
        }
        var page = query.Page ?? 1;
        var size = query.PageSize ?? 100;
        return TypedResults.Ok(new SegmentPage(Kebab(wanted.Value.ToString()), snapshot, members.Count, page, size, [.. members.Skip((page - 1) * size).Take(size)]));
    }

    private static string Normalize(string s) => new([.. s.Where(char.IsLetter).Select(char.ToLowerInvariant)]);

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>Quotes a field that holds a comma, quote or line break; neutralises a leading formula character for spreadsheets.</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
