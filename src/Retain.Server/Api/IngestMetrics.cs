using System.Diagnostics.Metrics;

namespace Retain.Server.Api;

/// <summary>
/// Ingest counters on the "Retain.Api" meter (OpenTelemetry-compatible; request rates and latencies come from ASP.NET
/// Core's own "Microsoft.AspNetCore.Hosting" meter): committed writes by route and outcome, and idempotent replays.
/// </summary>
public sealed class IngestMetrics
{
    public const string MeterName = "Retain.Api";
    private readonly Counter<long> _writes;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _conflictRetries;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _writes = meter.CreateCounter<long>("retain.api.writes", "{write}", "Writes committed, by route and outcome (created = 201, other = 200)");
        _replays = meter.CreateCounter<long>("retain.api.idempotent_replays", "{request}", "Requests answered from a stored Idempotency-Key response");
        _conflictRetries = meter.CreateCounter<long>("retain.api.conflict_retries", "{retry}", "Writes retried after colliding with a concurrent write");
    }

    public void Committed(string? route, int status) =>
        _writes.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("outcome", status == 201 ? "created" : "other"));

    public void Replayed() => _replays.Add(1);

    public void Retried() => _conflictRetries.Add(1);
}
