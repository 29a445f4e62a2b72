using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Retain.Server.Tests.Api;

/// <summary>Small helpers for calling the API and reading answers.</summary>
internal static class Json
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, Ct);

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Ct);

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status, and for an error that the body is ProblemDetails naming <paramref name="field"/> when given.</summary>
    public static async Task<JsonElement> Expect(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        if ((int)status >= 400)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        if (field is not null)
        {
            Assert.True(json.TryGetProperty("errors", out var errors), $"no errors in {text}");
            Assert.True(errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)), $"no error for '{field}' in {text}");
        }
        return json;
    }

    public static object Order(string? customer = "c1", string currency = "PLN", string placedAt = "2025-03-01T10:00:00Z", params object[] lines) => new
    {
        customerExternalId = customer,
        placedAt,
        currency,
        lines = lines.Length > 0 ? lines : [Line(1, "SKU-1", 2, 10m), Line(2, "SKU-2", 1, 5.5m)],
    };

    public static object Line(int lineNo, string sku, int quantity, decimal unitPrice, decimal discount = 0m) =>
        new { lineNo, sku, name = "Product " + sku, quantity, unitPrice, discount };
}
