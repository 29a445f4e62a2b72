using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Retain.Server.Tests.Api;

public sealed class OrderApiTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task PutOrder_CreatesCustomerAndProducts_SecondPutIs200AndChangesNothing(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        var created = await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.Created);
        Assert.Equal(25.5m, created.GetProperty("revenue").GetDecimal());
        Assert.Equal("c1", created.GetProperty("customerExternalId").GetString());
        DateTime updatedAt;
        await using (var db = app.Db())
        {
            Assert.Equal(1, await db.Customers.CountAsync(Json.Ct));
            Assert.Equal(2, await db.Products.CountAsync(Json.Ct));
            Assert.Equal(2, await db.OrderLines.CountAsync(Json.Ct));
            updatedAt = (await db.Orders.SingleAsync(Json.Ct)).UpdatedAt;
        }
        var again = await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.OK);
        Assert.Equal(25.5m, again.GetProperty("revenue").GetDecimal());
        await using (var db = app.Db())
        {
            Assert.Equal(1, await db.Orders.CountAsync(Json.Ct));
            Assert.Equal(2, await db.OrderLines.CountAsync(Json.Ct));
            Assert.Equal(updatedAt, (await db.Orders.SingleAsync(Json.Ct)).UpdatedAt);
        }
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task PutOrder_Changed_ReplacesLinesInPlace(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.Created);
        var changed = Json.Order(lines: [Json.Line(1, "SKU-1", 3, 10m, 1m)]);
        var view = await (await app.Client.PutJson("/api/v1/orders/o1", changed)).Expect(HttpStatusCode.OK);
        Assert.Equal(29m, view.GetProperty("revenue").GetDecimal());
        Assert.Single(view.GetProperty("lines").EnumerateArray());
        var got = await (await app.Client.GetAsync("/api/v1/orders/o1", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(3, got.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task PutOrder_InForeignCurrency_ConvertsWithTheShopsRate_OrSays422WithoutOne(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        await (await app.Client.PutJson("/api/v1/orders/o-eur", Json.Order(currency: "EUR"))).Expect((HttpStatusCode)422, "currency");
        await using (var db = app.Db())
        {
            db.ExchangeRates.Add(new Retain.Core.Shop.ExchangeRate { Currency = "EUR", ValidFrom = new DateOnly(2025, 1, 1), Rate = 4.25m });
            await db.SaveChangesAsync(Json.Ct);
        }
        var view = await (await app.Client.PutJson("/api/v1/orders/o-eur", Json.Order(currency: "EUR"))).Expect(HttpStatusCode.Created);
        Assert.Equal(4.25m, view.GetProperty("exchangeRate").GetDecimal());
        Assert.Equal(25.5m * 4.25m, view.GetProperty("revenue").GetDecimal());
        Assert.Equal("PLN", view.GetProperty("baseCurrency").GetString());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Refund_PerLine_IsIdempotent_AndCannotExceedWhatWasBought(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        await (await app.Client.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.Created);
        var refund = new { refundExternalId = "r1", kind = "return", lines = new[] { new { lineNo = 1, quantity = 1 } } };
        var first = await (await app.Client.PostJson("/api/v1/orders/o1/refunds", refund)).Expect(HttpStatusCode.Created);
        Assert.Equal(10m, first.GetProperty("amount").GetDecimal());
        await (await app.Client.PostJson("/api/v1/orders/o1/refunds", refund)).Expect(HttpStatusCode.OK);
        // Same id, different content: a refund cannot be rewritten.
        var changed = new { refundExternalId = "r1", kind = "return", lines = new[] { new { lineNo = 1, quantity = 2 } } };
        await (await app.Client.PostJson("/api/v1/orders/o1/refunds", changed)).Expect(HttpStatusCode.Conflict);
        // One of two units is left on line 1.
        var tooMany = new { refundExternalId = "r2", lines = new[] { new { lineNo = 1, quantity = 2 } } };
        await (await app.Client.PostJson("/api/v1/orders/o1/refunds", tooMany)).Expect((HttpStatusCode)422, "lines[0].quantity");
        var noSuchLine = new { refundExternalId = "r3", lines = new[] { new { lineNo = 9, quantity = 1 } } };
        await (await app.Client.PostJson("/api/v1/orders/o1/refunds", noSuchLine)).Expect((HttpStatusCode)422, "lines[0].lineNo");
        await (await app.Client.PostJson("/api/v1/orders/nope/refunds", refund)).Expect(HttpStatusCode.NotFound);

        var order = await (await app.Client.GetAsync("/api/v1/orders/o1", Json.Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal(10m, order.GetProperty("refunded").GetDecimal());
        Assert.Equal(1, order.GetProperty("lines")[0].GetProperty("quantityRefunded").GetInt32());
        await using var db = app.Db();
        Assert.Equal(1, await db.Refunds.CountAsync(Json.Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task GetMissingOrder_Returns404ProblemDetails(string provider)
    {
        await using var app = await TestApp.StartOnAsync(provider);
        await (await app.Client.GetAsync("/api/v1/orders/none", Json.Ct)).Expect(HttpStatusCode.NotFound);
    }
}
