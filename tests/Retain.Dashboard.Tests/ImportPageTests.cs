using System.Net;
using System.Text;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retain.Core.Storage;

namespace Retain.Dashboard.Tests;

/// <summary>Imports change the shared demo shop: they run alone, so other pages never see figures change under them.</summary>
[CollectionDefinition(nameof(ImportsRunAlone), DisableParallelization = true)]
public sealed class ImportsRunAlone;

/// <summary>The Import page: upload, preview with the detected layout, mapping the columns, progress and the summary.</summary>
[Collection(nameof(ImportsRunAlone))]
public sealed class ImportPageTests(DashboardApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Not a layout Retain knows: the user maps it. Line 3 has a quantity that is no number.
    private const string Csv = """
        Order no,Client,Day,Item,Item name,Qty,Price
        UI-1,ui-c1,2026-06-10,UI-SKU-1,Mug,2,25.00
        UI-2,ui-c2,2026-06-11,UI-SKU-2,Tea,lots,12.00
        UI-3,ui-c1,2026-06-12,UI-SKU-2,Tea,1,12.00
        """;

    [Fact]
    public async Task Import_ThroughTheUi_WritesTheGoodOrders_AndShowsTheRejectedLine()
    {
        var page = await app.SignInAsync(DashboardApp.MarketerEmail, Viewport.Desktop);
        await page.GotoAsync("/import");
        await DashboardApp.ScreenshotAsync(page, "import", Viewport.Desktop);
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "shop-orders.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and preview" }).ClickAsync();

        await Assertions.Expect(page.Locator("#file-name")).ToHaveTextAsync("shop-orders.csv");
        await Assertions.Expect(page.Locator("#preset")).ToHaveTextAsync("generic");
        await Assertions.Expect(page.Locator("#preview tbody tr")).ToHaveCountAsync(3);

        // Importing as detected fails validation: nothing of the layout matches Retain's own.
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#mapping-errors")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#err-order_id")).ToHaveTextAsync("Required: choose the column.");

        await page.GetByLabel("Order id").SelectOptionAsync("Order no");
        await page.GetByLabel("Customer id").SelectOptionAsync("Client");
        await page.GetByLabel("Order date").SelectOptionAsync("Day");
        await page.GetByLabel("SKU", new() { Exact = true }).SelectOptionAsync("Item");
        await page.GetByLabel("Product name").SelectOptionAsync("Item name");
        await page.GetByLabel("Quantity").SelectOptionAsync("Qty");
        await page.GetByLabel("Unit price").SelectOptionAsync("Price");
        await page.GetByLabel("Currency of the amounts (ISO code)").FillAsync("PLN");
        await DashboardApp.ScreenshotAsync(page, "import-mapping", Viewport.Desktop);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        // The job page reloads itself until the import ends.
        await Assertions.Expect(page.Locator("#job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#orders-inserted")).ToHaveAttributeAsync("data-value", "2");
        await Assertions.Expect(page.Locator("#rejected-count")).ToHaveAttributeAsync("data-value", "1");
        var rejected = page.Locator("#rejected tbody tr[data-line='3']");
        await Assertions.Expect(rejected).ToContainTextAsync("Qty");
        await Assertions.Expect(rejected).ToContainTextAsync("UI-2,ui-c2");
        await DashboardApp.ScreenshotAsync(page, "import-summary", Viewport.Desktop);
        await page.SetViewportSizeAsync(Viewport.Phone.Width, Viewport.Phone.Height);
        await DashboardApp.ScreenshotAsync(page, "import-summary", Viewport.Phone);

        // The API has the good orders with their amounts, and not the rejected one.
        using (var order = System.Text.Json.JsonDocument.Parse(await app.Api.GetStringAsync("/api/v1/orders/UI-1", Ct)))
            order.RootElement.GetProperty("revenue").GetDecimal().Should().Be(50.00m);
        (await app.Api.GetAsync("/api/v1/orders/UI-3", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.Api.GetAsync("/api/v1/orders/UI-2", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Import_OfABrokenFile_SaysItFailed_AndWritesNothing()
    {
        var page = await app.SignInAsync(DashboardApp.AdminEmail, Viewport.Phone);
        await page.GotoAsync("/import");
        // Retain's own layout (no mapping needed) but a gzip file cut short: it fails part-way through. Product names
        // that do not compress keep the upload above the API's 1 MiB body cap, which the upload endpoint replaces.
        var csv = new StringBuilder("order_id,customer_id,ordered_at,sku,product_name,quantity,unit_price,currency\n");
        for (var i = 0; i < 150_000; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"BROKEN-{i},broken-c{i % 500},2026-05-{1 + i % 28:00},S{i % 40},{(uint)(i * 2654435761u):x8}{(uint)(i * 40503u + 7):x8},1,{i % 90 + 1}.50,PLN\n");
        using var gz = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(Encoding.UTF8.GetBytes(csv.ToString()));
        var truncated = gz.ToArray()[..(int)(gz.Length * 2 / 3)];
        truncated.Length.Should().BeGreaterThan(1 << 20);
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "broken.csv.gz", MimeType = "application/gzip", Buffer = truncated });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preset")).ToHaveTextAsync("generic");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#job")).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing of the file was written");
        await Assertions.Expect(page.Locator("#job-error")).ToContainTextAsync("broken.csv.gz is truncated");
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(Ct))
        {
            (await db.Orders.CountAsync(o => o.ExternalId.StartsWith("BROKEN-"), Ct)).Should().Be(0);
            (await db.Customers.CountAsync(c => c.ExternalId.StartsWith("broken-"), Ct)).Should().Be(0);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_CannotOpenImport_NorPostAFile()
    {
        var page = await app.SignInAsync(DashboardApp.ViewerEmail, Viewport.Desktop);
        (await page.GotoAsync("/import"))!.Url.Should().Contain("/denied");

        // A forged upload with a valid antiforgery token of the viewer's own session.
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var response = await page.APIRequest.PostAsync("/import/upload", new()
        {
            Multipart = page.Context.APIRequest.CreateFormData()
                .Append("__RequestVerificationToken", token!)
                .Append("file", new FilePayload { Name = "x.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Csv) }),
            MaxRedirects = 0,
        });
        response.Status.Should().Be(302);
        response.Headers["location"].Should().Contain("/denied");
        await page.Context.CloseAsync();
    }
}
