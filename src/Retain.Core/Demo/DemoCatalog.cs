namespace Retain.Core.Demo;

/// <summary>A demo category: how its products are named and priced, and how often they are bought again.</summary>
internal sealed record DemoCategory(string Id, string Name, string[] Nouns, double MedianPrice, double Popularity);

/// <summary>A product of the demo shop (prices in PLN).</summary>
public sealed record DemoProduct(string Sku, string Name, string CategoryId, string CategoryName, decimal Price);

/// <summary>The demo shop's catalogue: a Polish home-and-lifestyle shop, deterministic from the seed.</summary>
internal static class DemoCatalog
{
    public static readonly DemoCategory[] Categories =
    [
        new("coffee", "Kawa i herbata", ["Kawa ziarnista", "Kawa mielona", "Herbata czarna", "Herbata zielona", "Yerba mate", "Kawa kapsułki"], 39, 3.0),
        new("cosmetics", "Kosmetyki", ["Krem do twarzy", "Serum", "Balsam do ciała", "Szampon", "Odżywka", "Mydło naturalne"], 49, 2.5),
        new("kitchen", "Kuchnia", ["Patelnia", "Garnek", "Nóż szefa kuchni", "Deska do krojenia", "Kubek", "Młynek do kawy"], 119, 1.6),
        new("home", "Dom i dekoracje", ["Świeca zapachowa", "Poduszka", "Koc", "Wazon", "Lampka", "Ramka na zdjęcia"], 89, 1.4),
        new("garden", "Ogród", ["Nasiona", "Doniczka", "Konewka", "Sekator", "Nawóz", "Rękawice ogrodowe"], 45, 0.9),
        new("kids", "Dzieci i zabawki", ["Klocki", "Puzzle", "Pluszak", "Gra planszowa", "Kredki", "Książeczka"], 69, 1.0),
        new("books", "Książki", ["Powieść", "Kryminał", "Poradnik", "Reportaż", "Album", "Komiks"], 45, 1.1),
        new("sport", "Sport i rekreacja", ["Mata do jogi", "Bidon", "Hantle", "Skakanka", "Plecak", "Opaska"], 79, 0.8),
        new("electronics", "Elektronika", ["Słuchawki", "Ładowarka", "Powerbank", "Głośnik", "Kabel USB-C", "Żarówka smart"], 149, 0.9),
        new("pets", "Zwierzęta", ["Karma dla psa", "Karma dla kota", "Żwirek", "Smycz", "Zabawka dla psa", "Legowisko"], 59, 1.3),
    ];

    private static readonly string[] Variants =
        ["Classic", "Premium", "Eko", "Mini", "Max", "Bio", "Lux", "Family", "Travel", "Pro", "Soft", "Natura"];

    /// <summary>Categories whose products are consumed and bought again (coffee, cosmetics, pet food …).</summary>
    public static bool IsReplenishable(string categoryId) => categoryId is "coffee" or "cosmetics" or "pets";

    public static DemoProduct[] Build(ulong seed, int productsPerCategory)
    {
        var rng = new DemoRandom(seed, stream: ulong.MaxValue);
        var products = new List<DemoProduct>();
        foreach (var category in Categories)
        {
            for (var i = 0; i < productsPerCategory; i++)
            {
                var noun = category.Nouns[i % category.Nouns.Length];
                var variant = Variants[(i / category.Nouns.Length + rng.Next(3)) % Variants.Length];
                // Log-normal prices around the category median, rounded to shop-like .99 endings.
                var price = Math.Max(4.99, Math.Round(category.MedianPrice * Math.Exp(0.45 * rng.Normal())) - 0.01);
                products.Add(new DemoProduct(
                    $"{category.Id.ToUpperInvariant()[..3]}-{i + 1:D4}",
                    $"{noun} {variant}",
                    category.Id,
                    category.Name,
                    decimal.Round((decimal)price, 2)));
            }
        }
        return [.. products];
    }
}

/// <summary>Names and places for demo customers (fictional, combined at random).</summary>
internal static class DemoPeople
{
    public static readonly string[] FirstNames =
    [
        "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Magdalena", "Joanna",
        "Zofia", "Julia", "Aleksandra", "Natalia", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan",
        "Michał", "Marcin", "Jakub", "Adam", "Łukasz", "Mateusz", "Kacper", "Wojciech", "Szymon", "Filip",
    ];

    public static readonly string[] LastNames =
    [
        "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
        "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski",
        "Nowakowski", "Pawłowski", "Michalski", "Nowicki", "Adamczyk", "Dudek", "Zając", "Wieczorek", "Jabłoński",
    ];

    /// <summary>(country, language, weight): mostly Poland, some neighbours and the diaspora.</summary>
    public static readonly (string Country, string Language, double Weight)[] Countries =
    [
        ("PL", "pl", 0.82), ("DE", "de", 0.05), ("CZ", "cs", 0.03), ("GB", "en", 0.04), ("SK", "sk", 0.02),
        ("LT", "lt", 0.02), ("NL", "nl", 0.02),
    ];

    /// <summary>
    /// Acquisition channels with how good the customers they bring are: a multiplier on the purchase rate and one on
    /// the drop-out probability (referrals and e-mail buy more and stay longer; marketplaces and paid social churn).
    /// </summary>
    public static readonly (string Channel, double Weight, double RateFactor, double DropoutFactor)[] Channels =
    [
        ("organic_search", 0.30, 1.0, 1.0), ("paid_search", 0.22, 0.9, 1.15), ("social", 0.16, 0.75, 1.35),
        ("email", 0.08, 1.3, 0.8), ("referral", 0.09, 1.35, 0.7), ("marketplace", 0.10, 0.7, 1.4),
        ("direct", 0.05, 1.15, 0.9),
    ];
}
