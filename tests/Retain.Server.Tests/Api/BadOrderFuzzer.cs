using System.Text.Json.Nodes;

namespace Retain.Server.Tests.Api;

/// <summary>Seeded random mutations of a valid order body, each with the status it must get.</summary>
internal static class BadOrderFuzzer
{
    private static readonly string[] NumericLineFields = ["quantity", "unitPrice", "discount", "lineNo"];

    public static (string Body, int Status, string What) Next(Random random)
    {
        var order = Valid(random);
        var lines = order["lines"]!.AsArray();
        var k = random.Next(lines.Count);
        var line = lines[k]!.AsObject();
        switch (random.Next(11))
        {
            case 0:
                var text = order.ToJsonString();
                return (text[..random.Next(1, text.Length - 1)], 400, "truncated");
            case 1:
                line[NumericLineFields[random.Next(NumericLineFields.Length)]] = WrongForNumber(random);
                return (order.ToJsonString(), 400, "wrong type in a line");
            case 2:
                var field = new[] { "placedAt", "currency", "lines", "status", "shipping" }[random.Next(5)];
                order[field] = field == "shipping" ? WrongForNumber(random) : WrongForString(random);
                return (order.ToJsonString(), 400, $"wrong type for {field}");
            case 3:
                var required = new[] { "placedAt", "currency", "lines" }[random.Next(3)];
                order.Remove(required);
                return (order.ToJsonString(), 400, $"missing {required}");
            case 4:
                var lineRequired = new[] { "sku", "quantity", "unitPrice" }[random.Next(3)];
                line.Remove(lineRequired);
                return (order.ToJsonString(), 400, $"missing lines[{k}].{lineRequired}");
            case 5:
                line[new[] { "quantity", "unitPrice", "discount" }[random.Next(3)]] = -1 - random.Next(1000);
                return (order.ToJsonString(), 400, "negative");
            case 6:
                if (random.Next(2) == 0)
                    line["quantity"] = 1_000_001 + random.Next(int.MaxValue - 1_000_001);
                else
                    line["unitPrice"] = (decimal)Math.Pow(10, 10 + random.Next(18));
                return (order.ToJsonString(), 400, "absurd");
            case 7:
                order["currency"] = UnknownCurrency(random);
                return (order.ToJsonString(), 422, "unknown or unrated currency");
            case 8:
                if (lines.Count < 2)
                    lines.Add(Line(random, 2));
                lines[1]!["lineNo"] = lines[0]!["lineNo"]!.GetValue<int>();
                return (order.ToJsonString(), 422, "duplicate line number");
            case 9:
                var q = line["quantity"]!.GetValue<int>();
                var p = line["unitPrice"]!.GetValue<decimal>();
                line["discount"] = q * p + 1 + random.Next(100);
                return (order.ToJsonString(), 422, "discount above the line");
            default:
                order["lines"] = new JsonArray();
                return (order.ToJsonString(), 400, "no lines");
        }
    }

    private static JsonObject Valid(Random random)
    {
        var lines = new JsonArray();
        for (var i = 1; i <= 1 + random.Next(5); i++)
            lines.Add(Line(random, i));
        return new JsonObject
        {
            ["customerExternalId"] = $"fz-{random.Next(50)}",
            ["placedAt"] = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(500_000)).ToString("O"),
            ["currency"] = "PLN",
            ["lines"] = lines,
        };
    }

    private static JsonObject Line(Random random, int lineNo) => new()
    {
        ["lineNo"] = lineNo,
        ["sku"] = $"FZ-{random.Next(30)}",
        ["quantity"] = 1 + random.Next(9),
        ["unitPrice"] = Math.Round((decimal)random.NextDouble() * 200, 2),
    };

    private static JsonNode WrongForNumber(Random random) => random.Next(4) switch
    {
        0 => JsonValue.Create("x" + random.Next(1000)),
        1 => JsonValue.Create(true),
        2 => new JsonObject { ["v"] = 1 },
        _ => new JsonArray(1, 2),
    };

    private static JsonNode WrongForString(Random random) => random.Next(3) switch
    {
        0 => JsonValue.Create(random.Next(1000) + 0.5),
        1 => JsonValue.Create(false),
        _ => new JsonObject(),
    };

    /// <summary>Three upper-case letters other than the base currency: unknown to ISO 4217, or known without a rate.</summary>
    private static string UnknownCurrency(Random random)
    {
        string code;
        do
            code = new string([.. Enumerable.Range(0, 3).Select(_ => (char)('A' + random.Next(26)))]);
        while (code == "PLN");
        return code;
    }
}
