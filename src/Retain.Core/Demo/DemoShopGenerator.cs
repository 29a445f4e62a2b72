using System.Globalization;
using Retain.Core.Import.Parsing;

namespace Retain.Core.Demo;

/// <summary>
/// Generates a realistic shop deterministically from a seed. Each customer buys by the BG/NBD story — a personal
/// Poisson purchase rate (gamma-distributed across customers) and, after every purchase, a personal chance of
/// dropping out for good (beta-distributed) — thinned by a seasonal curve (Christmas peak, summer dip), with
/// acquisition channels that differ in quality. Basket size, category taste and spend level are personal too, so
/// the CLV and churn models have real signal to find. Returns, cancellations, discounts, consents and events follow.
/// </summary>
public sealed class DemoShopGenerator(DemoShopOptions options)
{
    public const string Currency = "PLN";

    // Population parameters (per day): mean rate ≈ 0.75/130 ≈ 2.1 orders a year while alive; mean drop-out ≈ 0.24.
    private const double RateShape = 0.75, RateScale = 1.0 / 130.0;
    private const double DropoutA = 1.1, DropoutB = 3.5;
    private static readonly double[] MonthSeason = [0.8, 0.85, 0.95, 1.0, 1.0, 0.9, 0.8, 0.8, 1.0, 1.05, 1.45, 1.75];
    private const double MaxSeason = 1.75;

    private readonly DemoProduct[] _products = DemoCatalog.Build(options.Seed, options.ProductsPerCategory);

    public IReadOnlyList<DemoProduct> Products => _products;

    /// <summary>Customer histories in customer order; lazily generated, so a million customers stream in constant memory.</summary>
    public IEnumerable<DemoCustomerHistory> Customers()
    {
        for (var i = 0; i < options.Customers; i++)
            yield return Customer(i);
    }

    /// <summary>Orders from shoppers who did not create an account.</summary>
    public IEnumerable<ImportedOrder> GuestOrders()
    {
        var count = (int)Math.Round(options.Customers * options.GuestOrderShare);
        var rng = new DemoRandom(options.Seed, stream: ulong.MaxValue - 1);
        for (var g = 0; g < count; g++)
        {
            var at = SeasonalTime(rng, options.Start, options.End);
            var lines = Basket(rng, favourite: null, spend: 0.8, lineStart: 1);
            yield return new ImportedOrder($"G-{g + 1:D7}", ImportedOrderKind.Order, null, at, Currency, lines)
            {
                Shipping = Shipping(lines),
                Country = "PL",
            };
        }
    }

    /// <summary>One customer's whole history; independent of every other customer (own random stream).</summary>
    public DemoCustomerHistory Customer(int index)
    {
        var rng = new DemoRandom(options.Seed, (ulong)index);
        var id = $"C{index + 1:D7}";
        var (country, language) = PickCountry(rng);
        var channel = DemoPeople.Channels[rng.PickWeighted(ChannelWeights)];
        var first = rng.Pick(DemoPeople.FirstNames);
        var last = rng.Pick(DemoPeople.LastNames);
        var acquiredAt = AcquisitionTime(rng);
        var customer = new DemoCustomer(
            id,
            $"{Ascii(first)}.{Ascii(last)}.{index + 1}@example.com".ToLowerInvariant(),
            first,
            last,
            country == "PL" ? string.Create(CultureInfo.InvariantCulture, $"+48 5{rng.Next(100):D2} {rng.Next(1000):D3} {rng.Next(1000):D3}") : null,
            new DateOnly(1950 + rng.Next(56), 1 + rng.Next(12), 1 + rng.Next(28)),
            country,
            language,
            channel.Channel,
            acquiredAt);

        var rate = rng.Gamma(RateShape, RateScale) * channel.RateFactor * options.PurchaseRateFactor;
        var dropout = Math.Min(0.95, rng.Beta(DropoutA, DropoutB) * channel.DropoutFactor);
        var spend = rng.Gamma(3.0, 1.0 / 3.0);
        var favourite = DemoCatalog.Categories[rng.PickWeighted(CategoryWeights)];

        var orders = new List<ImportedOrder>();
        var purchases = new List<DateTime>();
        var t = acquiredAt;
        while (t < options.End)
        {
            purchases.Add(t);
            if (rng.Chance(dropout))
                break;
            t = NextPurchase(rng, t, rate);
        }

        var events = new List<DemoEvent>();
        var eventsFrom = options.End.AddDays(-options.EventDays);
        for (var k = 0; k < purchases.Count; k++)
        {
            var at = purchases[k];
            var lines = Basket(rng, favourite, spend, lineStart: 1);
            var orderId = $"{id}-{k + 1:D3}";
            var cancelled = rng.Chance(0.02);
            orders.Add(new ImportedOrder(orderId, ImportedOrderKind.Order, id, at, Currency, lines)
            {
                CustomerEmail = customer.Email,
                Country = country,
                Shipping = Shipping(lines),
                Cancelled = cancelled,
            });
            if (!cancelled && rng.Chance(0.07))
                AddReturn(rng, orders, orderId, id, at, lines);
            if (options.EventDays > 0 && at >= eventsFrom)
                AddShoppingEvents(rng, events, at, lines);
        }
        if (options.EventDays > 0)
            AddBrowsing(rng, events, eventsFrom, rate, favourite, alive: purchases.Count > 0 && purchases[^1] > eventsFrom.AddDays(-120));

        return new DemoCustomerHistory(customer, orders, Consents(rng, acquiredAt), events);
    }

    private DateTime NextPurchase(DemoRandom rng, DateTime from, double rate)
    {
        // Thinning: candidates at the peak rate, each kept with probability season(t) / peak.
        var t = from;
        while (t < options.End)
        {
            var gap = Math.Max(1.0, rng.Exponential(rate * MaxSeason));
            if (gap >= (options.End - t).TotalDays)
                return options.End;
            t = t.AddDays(gap);
            if (rng.NextDouble() * MaxSeason < MonthSeason[t.Month - 1])
                return WithTimeOfDay(rng, t);
        }
        return t;
    }

    private DateTime AcquisitionTime(DemoRandom rng)
    {
        // More customers later (the shop grows) and around Christmas.
        var span = (options.End - options.Start).TotalDays;
        while (true)
        {
            var day = rng.NextDouble() * span;
            var at = options.Start.AddDays(day);
            var growth = 0.55 + 0.9 * day / span;
            if (rng.NextDouble() * 1.45 * MaxSeason < growth * MonthSeason[at.Month - 1])
                return WithTimeOfDay(rng, at);
        }
    }

    private static DateTime SeasonalTime(DemoRandom rng, DateTime start, DateTime end)
    {
        while (true)
        {
            var at = start.AddDays(rng.NextDouble() * (end - start).TotalDays);
            if (rng.NextDouble() * MaxSeason < MonthSeason[at.Month - 1])
                return WithTimeOfDay(rng, at);
        }
    }

    private static DateTime WithTimeOfDay(DemoRandom rng, DateTime day)
    {
        // Shoppers buy from morning to late evening, most in the evening.
        var hour = 7 + (int)(16 * Math.Sqrt(rng.NextDouble()));
        return day.Date.AddHours(Math.Min(hour, 23)).AddMinutes(rng.Next(60)).AddSeconds(rng.Next(60));
    }

    private List<ImportedLine> Basket(DemoRandom rng, DemoCategory? favourite, double spend, int lineStart)
    {
        var count = 1 + rng.Poisson(0.9 * spend);
        var lines = new List<ImportedLine>(count);
        var discounted = rng.Chance(0.18);
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var category = favourite is not null && rng.Chance(0.55) ? favourite : DemoCatalog.Categories[rng.PickWeighted(CategoryWeights)];
            var product = PickProduct(rng, category);
            if (!used.Add(product.Sku))
                continue;
            var quantity = 1 + rng.Poisson(DemoCatalog.IsReplenishable(category.Id) ? 0.5 * spend : 0.15 * spend);
            var discount = discounted ? decimal.Round(product.Price * quantity * 0.10m, 2) : 0m;
            lines.Add(new ImportedLine(lineStart + lines.Count, product.Sku, product.Name, product.CategoryName, quantity, product.Price, discount));
        }
        return lines;
    }

    private DemoProduct PickProduct(DemoRandom rng, DemoCategory category)
    {
        // Within a category a few best-sellers dominate (Zipf-like: index ~ n·u²).
        var perCategory = options.ProductsPerCategory;
        var offset = Array.IndexOf(DemoCatalog.Categories, category) * perCategory;
        var u = rng.NextDouble();
        return _products[offset + (int)(perCategory * u * u)];
    }

    private static decimal Shipping(List<ImportedLine> lines) => lines.Sum(l => l.Amount) >= 199m ? 0m : 14.99m;

    private void AddReturn(DemoRandom rng, List<ImportedOrder> orders, string orderId, string customerId, DateTime at, List<ImportedLine> lines)
    {
        var refundAt = at.AddDays(5 + rng.Next(21)).AddHours(rng.Next(8));
        if (refundAt >= options.End)
            return;
        var whole = lines.Count == 1 || rng.Chance(0.12);
        var returned = whole ? lines : [lines[rng.Next(lines.Count)]];
        var refundLines = returned.Select((l, i) => l with { LineNumber = i + 1 }).ToList();
        orders.Add(new ImportedOrder($"R-{orderId}", ImportedOrderKind.Refund, customerId, refundAt, Currency, refundLines)
        {
            RefundsOrderExternalId = orderId,
        });
    }

    private static void AddShoppingEvents(DemoRandom rng, List<DemoEvent> events, DateTime orderAt, List<ImportedLine> lines)
    {
        var views = 1 + rng.Poisson(2.5);
        for (var v = 0; v < views; v++)
            events.Add(new DemoEvent("viewed_product", orderAt.AddMinutes(-30 - rng.Next(600)), lines[rng.Next(lines.Count)].Sku));
        events.Add(new DemoEvent("added_to_cart", orderAt.AddMinutes(-10 - rng.Next(15)), lines[0].Sku));
        events.Add(new DemoEvent("started_checkout", orderAt.AddMinutes(-2 - rng.Next(6)), null));
    }

    private void AddBrowsing(DemoRandom rng, List<DemoEvent> events, DateTime from, double rate, DemoCategory favourite, bool alive)
    {
        // Sessions that did not end in an order: the raw material of browse- and cart-abandonment flows.
        var sessions = rng.Poisson(rate * options.EventDays * (alive ? 1.2 : 0.15));
        for (var s = 0; s < sessions; s++)
        {
            var at = WithTimeOfDay(rng, from.AddDays(rng.NextDouble() * options.EventDays));
            if (at >= options.End)
                continue;
            var product = PickProduct(rng, rng.Chance(0.6) ? favourite : DemoCatalog.Categories[rng.Next(DemoCatalog.Categories.Length)]);
            events.Add(new DemoEvent("viewed_product", at, product.Sku));
            if (!rng.Chance(0.35))
                continue;
            events.Add(new DemoEvent("added_to_cart", at.AddMinutes(1 + rng.Next(10)), product.Sku));
            if (rng.Chance(0.45))
                events.Add(new DemoEvent("started_checkout", at.AddMinutes(12 + rng.Next(10)), null));
        }
    }

    private static List<DemoConsent> Consents(DemoRandom rng, DateTime acquiredAt)
    {
        var textVersion = acquiredAt.Year >= 2025 ? "2025-01" : "2023-05";
        var consents = new List<DemoConsent>
        {
            new("marketing", "email", rng.Chance(0.62), textVersion, "checkout", acquiredAt),
            new("marketing", "sms", rng.Chance(0.22), textVersion, "checkout", acquiredAt),
            new("profiling", "any", rng.Chance(0.5), textVersion, "checkout", acquiredAt),
        };
        if (consents[0].Granted && rng.Chance(0.06))
            consents.Add(consents[0] with { Granted = false, Source = "unsubscribe_link", RecordedAt = acquiredAt.AddDays(10 + rng.Next(300)) });
        return consents;
    }

    private static (string Country, string Language) PickCountry(DemoRandom rng)
    {
        var c = DemoPeople.Countries[rng.PickWeighted(CountryWeights)];
        return (c.Country, c.Language);
    }

    private static string Ascii(string name) => new(name.Normalize(System.Text.NormalizationForm.FormD)
        .Where(ch => CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
        .Select(ch => ch switch { 'ł' => 'l', 'Ł' => 'L', _ => ch })
        .ToArray());

    private static readonly double[] ChannelWeights = Cumulative(DemoPeople.Channels.Select(c => c.Weight));
    private static readonly double[] CountryWeights = Cumulative(DemoPeople.Countries.Select(c => c.Weight));
    private static readonly double[] CategoryWeights = Cumulative(DemoCatalog.Categories.Select(c => c.Popularity));

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return [.. weights.Select(w => sum += w)];
    }
}
