using System.Globalization;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Playwright;

namespace Retain.Dashboard.Tests;

/// <summary>CSV export through the browser's download, and what a viewer may not do.</summary>
public sealed class ExportAndRoleTests(DashboardApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/at-risk", "at-risk")]
    [InlineData("/vip", "vip")]
    public async Task ExportCsv_DownloadsEveryMember_InTheApiOrder(string path, string segment)
    {
        using var first = JsonDocument.Parse(await app.Api.GetStringAsync($"/api/v1/scores?segment={segment}&pageSize=100", Ct));
        var total = first.RootElement.GetProperty("total").GetInt32();
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        await page.GotoAsync(path);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"retain-{segment}-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(file);
        var lines = await File.ReadAllLinesAsync(file, Ct);
        File.Delete(file);

        download.SuggestedFilename.Should().Be($"{segment}.csv");
        lines[0].Should().StartWith("customer_id,churn_probability,clv_12_months");
        lines.Length.Should().Be(total + 1, "a header and one row per member");
        var items = first.RootElement.GetProperty("items").EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            fields[0].Should().Be(items[i].GetProperty("customerId").GetString());
            double.Parse(fields[1], CultureInfo.InvariantCulture).Should().Be(items[i].GetProperty("churnProbability").GetDouble());
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Export_WithoutSignIn_RedirectsToLogin()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var response = await client.GetAsync("/export/at-risk.csv", Ct);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/login");
    }

    [Fact]
    public async Task Viewer_IsReadOnly_ItsSessionCannotWriteThroughTheApi()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/v1/customers/viewer-made-this', {
                method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'x@example.com' }) })).status
            """);
        var read = await page.EvaluateAsync<int>("async () => (await fetch('/api/v1/measure/kpis')).status");

        status.Should().Be(403);
        read.Should().Be(200);
        (await app.Api.GetAsync("/api/v1/customers/viewer-made-this", Ct)).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ApiKey_CannotOpenDashboardPages_Returns403()
    {
        // A key is for machines: even a valid one carries no dashboard role.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = app.Api.DefaultRequestHeaders.Authorization;
        var response = await client.GetAsync("/customers", Ct);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
    }
}
