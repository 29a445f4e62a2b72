using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Retain.Server.Tests.Api;

/// <summary>
/// A guard over every endpoint the server maps, so a feature added later cannot forget its policy: each /api/v1 route
/// needs a scope, except the few that are public by design (sign-in, and webhooks, which check their own signature).
/// </summary>
public sealed class EndpointSecurityTests
{
    private static readonly string[] PublicByDesign = ["/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/webhooks/"];

    /// <summary>Routes any signed-in caller may use whatever their scope (who am I).</summary>
    private static readonly string[] AnyCaller = ["/api/v1/auth/me"];

    [Fact]
    public async Task EveryApiEndpoint_RequiresAScope_UnlessPublicByDesign()
    {
        await using var app = await TestApp.StartAsync();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count > 20, $"only {routes.Count} API routes found: the guard is looking in the wrong place");

        foreach (var route in routes)
        {
            var pattern = "/" + route.RoutePattern.RawText!.TrimStart('/');
            var anonymous = route.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = route.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (PublicByDesign.Any(p => pattern.StartsWith(p, StringComparison.Ordinal)))
                continue;
            Assert.False(anonymous, $"{pattern} allows anonymous callers");
            Assert.True(policies.Count > 0, $"{pattern} does not require a signed-in caller");
            Assert.True(policies.Any(p => p is not null) || AnyCaller.Contains(pattern), $"{pattern} has no scope policy");
        }
    }

    [Theory]
    [InlineData("GET", "/api/v1/scores?segment=vip")]
    [InlineData("GET", "/api/v1/customers/c1/scores")]
    [InlineData("GET", "/api/v1/recommendations/customers/c1")]
    [InlineData("GET", "/api/v1/recommendations/products/p1/similar")]
    [InlineData("POST", "/api/v1/recommendations/basket")]
    public async Task ScoresAndRecommendations_WithoutKey_Return401(string method, string path)
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
            request.Content = new StringContent("""{"skus":["p1"]}""", System.Text.Encoding.UTF8, "application/json");
        var response = await app.ClientWith(null).SendAsync(request, Json.Ct);
        await response.Expect(HttpStatusCode.Unauthorized);
    }
}
