using System.Net;

namespace Retain.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_WithAReachableDatabase_IsHealthy()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemDetails()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync("/no/such/thing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        await using var app = await TestApp.StartAsync();
        var json = await app.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Contains("\"openapi\"", json, StringComparison.Ordinal);
    }
}
