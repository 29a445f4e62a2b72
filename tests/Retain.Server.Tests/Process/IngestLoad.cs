using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;

namespace Retain.Server.Tests.Process;

/// <summary>
/// Concurrent shop clients writing customers and orders (5 lines each) to a server until it stops answering or they are
/// told to stop, recording every write the server acknowledged with a 2xx and every write that was merely sent.
/// </summary>
internal sealed class IngestLoad
{
    public ConcurrentDictionary<string, decimal> AckedOrders { get; } = new();
    public ConcurrentDictionary<string, string> AckedCustomers { get; } = new();
    public ConcurrentBag<string> SentOrders { get; } = [];
    /// <summary>Answers that were neither 2xx nor a dropped connection: always a bug.</summary>
    public ConcurrentBag<string> Unexpected { get; } = [];
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Acknowledged => AckedOrders.Count + AckedCustomers.Count;

    /// <summary>5 lines with prices derived from the id, so the expected revenue can be recomputed from the id alone.</summary>
    public static (object Body, decimal Revenue) Order(string id, string customer)
    {
        var seed = (uint)id.GetHashCode(StringComparison.Ordinal) % 1000;
        var lines = Enumerable.Range(1, 5).Select(n => new
        {
            lineNo = n, sku = $"SKU-{(seed + n) % 50}", name = $"Product {n}", quantity = 1 + n % 3, unitPrice = 1.25m * n + seed / 100m, discount = 0m,
        }).ToArray();
        var revenue = lines.Sum(l => l.quantity * l.unitPrice);
        return (new { customerExternalId = customer, placedAt = "2025-05-01T12:00:00Z", currency = "PLN", lines }, revenue);
    }

    /// <summary>
    /// One client: writes customer <c>{prefix}c-{n}</c> every third request and order <c>{prefix}o-{n}</c> (for customer
    /// <c>{prefix}c-{n/3}</c>) otherwise, for n from 0, until the connection fails or <paramref name="stop"/> fires.
    /// With <paramref name="sendTwice"/> every write is sent again at once (a retry storm).
    /// </summary>
    public async Task RunClientAsync(HttpClient client, string prefix, int count, CancellationToken stop, bool sendTwice = false)
    {
        for (var n = 0; n < count && !stop.IsCancellationRequested; n++)
        {
            try
            {
                for (var attempt = 0; attempt < (sendTwice ? 2 : 1); attempt++)
                {
                    if (n % 3 == 0)
                        await PutCustomerAsync(client, $"{prefix}c-{n}");
                    else
                        await PutOrderAsync(client, $"{prefix}o-{n}", $"{prefix}c-{n / 3}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                return; // the server is gone: whatever was in flight is unacknowledged
            }
        }
    }

    private async Task PutCustomerAsync(HttpClient client, string id)
    {
        var email = $"{id}@example.com";
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var response = await client.PutAsJsonAsync($"/api/v1/customers/{id}", new { email, firstName = "Crash" });
            if (response.IsSuccessStatusCode)
                AckedCustomers[id] = email;
            else
                Unexpected.Add($"PUT customer {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task PutOrderAsync(HttpClient client, string id, string customer)
    {
        var (body, revenue) = Order(id, customer);
        SentOrders.Add(id);
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var response = await client.PutAsJsonAsync($"/api/v1/orders/{id}", body);
            if (response.IsSuccessStatusCode)
                AckedOrders[id] = revenue;
            else
                Unexpected.Add($"PUT order {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AckedOrders.Count} orders and {AckedCustomers.Count} customers acknowledged");
}
