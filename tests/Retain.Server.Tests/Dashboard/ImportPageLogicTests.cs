using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;
using Retain.Server.Dashboard.Import;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Dashboard;

/// <summary>The logic behind the Import page: upload to disk, preview, mapping, and the background import with its summary.</summary>
public sealed class ImportPageLogicTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    // Line 3 (the second data row) has a quantity that is not a number.
    private const string CustomCsv = """
        Order,Client,Date,Item,Qty,Price
        A-1,c1,2025-01-05,sku-1,2,10.50
        A-2,c2,2025-01-06,sku-2,many,3.00
        A-3,c1,2025-02-01,sku-1,1,10.50
        """;

    private static async Task<UploadedFile> Upload(UploadedFiles uploads, string name, byte[] bytes) =>
        await uploads.SaveAsync(new MemoryStream(bytes), name, Ct);

    private static UploadedFiles TempUploads() => new(Directory.CreateTempSubdirectory("retain-uploads-test-").FullName);

    [Fact]
    public async Task Upload_IsKeptOnDisk_AndFoundOnlyByItsId()
    {
        var uploads = TempUploads();
        var file = await Upload(uploads, @"C:\exports\orders.csv", Encoding.UTF8.GetBytes(CustomCsv));

        Assert.Equal("orders.csv", file.FileName);
        Assert.Equal(Encoding.UTF8.GetByteCount(CustomCsv), new FileInfo(file.Path).Length);
        Assert.Equal(file.Path, uploads.Find(file.Id)?.Path);
        Assert.Null(uploads.Find("../" + file.Id));
        Assert.Null(uploads.Find(file.Id.ToUpperInvariant()));
        uploads.Delete(file.Id);
        Assert.Null(uploads.Find(file.Id));
    }

    [Fact]
    public async Task Preview_OfAnOnlineRetailGzip_DetectsThePreset_AndMapsItsColumns()
    {
        const string csv = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n" +
                           "489434,85048,LIGHT,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n";
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(Encoding.UTF8.GetBytes(csv));
        var file = await Upload(TempUploads(), "retail.csv.gz", gz.ToArray());

        var preview = ImportPreview.Read(file);

        Assert.Equal("online-retail-ii", preview.Preset.Name);
        Assert.Equal(8, preview.Header.Count);
        Assert.Equal("489434", Assert.Single(preview.Rows)[0]);
        Assert.Equal("Customer ID", preview.Mapping.Columns[OrderField.CustomerId]);
        Assert.Equal("GBP", preview.Mapping.Currency);
        Assert.Empty(preview.Mapping.Validate(preview.Header));
        Assert.Equal("online-retail-ii", preview.Mapping.ToFormat(preview.Preset).Name);
    }

    [Fact]
    public async Task Mapping_OfAnUnknownLayout_NamesEveryProblem_UntilTheUserMapsTheColumns()
    {
        var preview = ImportPreview.Read(await Upload(TempUploads(), "custom.csv", Encoding.UTF8.GetBytes(CustomCsv)));
        Assert.Equal("generic", preview.Preset.Name);

        var errors = preview.Mapping.Validate(preview.Header);
        Assert.Equal("required", errors["order_id"]);
        Assert.Equal("required", errors["unit_price"]);
        Assert.Equal("sku_or_name", errors["sku"]);
        Assert.Equal("currency_needed", errors["default_currency"]);

        var wrong = ColumnMapping.FromForm(new Dictionary<string, string?> { ["order_id"] = "Nope", ["default_currency"] = "ZZZ", ["date_format"] = "yyyy-MM-dd" });
        var wrongErrors = wrong.Validate(preview.Header);
        Assert.Equal("unknown_column", wrongErrors["order_id"]);
        Assert.Equal("currency_unknown", wrongErrors["default_currency"]);
        Assert.False(wrongErrors.ContainsKey("date_format"));

        var mapping = ColumnMapping.FromForm(CustomForm());
        Assert.Empty(mapping.Validate(preview.Header));
        var format = mapping.ToFormat(preview.Preset);
        Assert.Equal("generic+mapping", format.Name);
        Assert.Equal("Qty", format.Columns[OrderField.Quantity]);
        Assert.False(format.Columns.ContainsKey(OrderField.Email));
    }

    private static Dictionary<string, string?> CustomForm() => new()
    {
        ["order_id"] = "Order", ["customer_id"] = "Client", ["ordered_at"] = "Date", ["sku"] = "Item", ["quantity"] = "Qty",
        ["unit_price"] = "Price", ["email"] = "", ["default_currency"] = "pln", ["date_format"] = "yyyy-MM-dd",
    };

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ImportJob_WithAMapping_WritesTheGoodOrders_AndListsTheRejectedLine(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var uploads = app.Services.GetRequiredService<UploadedFiles>();
        var file = await Upload(uploads, "custom.csv", Encoding.UTF8.GetBytes(CustomCsv));
        var preview = ImportPreview.Read(file);

        var job = app.Services.GetRequiredService<ImportJobs>().Start(file, ColumnMapping.FromForm(CustomForm()).ToFormat(preview.Preset), "admin@test");
        await job.Completion.WaitAsync(TimeSpan.FromMinutes(2), Ct);

        Assert.Equal(ImportJobStatus.Succeeded, job.Status);
        var summary = job.Summary!;
        Assert.Equal(2, summary.OrdersInserted);
        Assert.Equal(1, summary.RejectedRows);
        var rejected = Assert.Single(summary.Rejected);
        Assert.Equal(3, rejected.LineNumber);
        Assert.Contains("Qty", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal("done", job.Progress?.Phase);
        await using var db = app.Db();
        Assert.Equal(["A-1", "A-3"], await db.Orders.OrderBy(o => o.ExternalId).Select(o => o.ExternalId).ToListAsync(Ct));
        Assert.Null(uploads.Find(file.Id)); // the upload is gone once imported
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ImportJob_OfAFileTruncatedPartWay_WritesNothing_AndSaysWhy(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var csv = new StringBuilder("order_id,customer_id,ordered_at,sku,quantity,unit_price,currency\n");
        for (var i = 0; i < 20_000; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"o{i},c{i % 997},2025-01-{1 + i % 28:00},s{i % 50},1,{i % 90 + 1}.25,PLN\n");
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(Encoding.UTF8.GetBytes(csv.ToString()));
        var truncated = gz.ToArray()[..(int)(gz.Length * 2 / 3)];
        var file = await Upload(app.Services.GetRequiredService<UploadedFiles>(), "orders.csv.gz", truncated);

        var job = app.Services.GetRequiredService<ImportJobs>().Start(file, OrderFileFormat.Generic, "admin@test");
        await job.Completion.WaitAsync(TimeSpan.FromMinutes(2), Ct);

        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Contains("orders.csv.gz is truncated", job.Error, StringComparison.Ordinal);
        await using var db = app.Db();
        Assert.Equal(0, await db.Orders.CountAsync(Ct));
        Assert.Equal(0, await db.Customers.CountAsync(Ct));
        Assert.DoesNotContain(await db.ImportRuns.Select(r => r.Status).ToListAsync(Ct), s => s == ImportStatus.Succeeded);
    }
}
