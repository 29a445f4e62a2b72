using Microsoft.EntityFrameworkCore;
using Retain.Core.Errors;
using Retain.Core.Storage;

namespace Retain.Core.Products;

public sealed record CategoryInput(string ExternalId, string Name, string? ParentExternalId);

public sealed record ProductInput(string Sku, string Name, decimal? Price, string? Currency, bool? InStock, string? CategoryExternalId);

public sealed record UpsertCounts(int Created, int Updated, int Unchanged);

public sealed record CatalogResult(UpsertCounts Categories, UpsertCounts Products);

/// <summary>Products and categories in bulk, keyed by SKU and category external id, inside the caller's transaction.</summary>
public static class ProductWrites
{
    public static async Task<CatalogResult> UpsertAsync(
        RetainDbContext db, IReadOnlyList<CategoryInput> categories, IReadOnlyList<ProductInput> products, DateTime now, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Duplicates(categories.Select(c => c.ExternalId), "categories", "externalId", errors);
        Duplicates(products.Select(p => p.Sku), "products", "sku", errors);
        errors.ThrowIfAny();

        var categoryIds = categories.Select(c => c.ExternalId).Concat(categories.Select(c => c.ParentExternalId))
            .Concat(products.Select(p => p.CategoryExternalId)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var knownCategories = await db.Categories.Where(c => categoryIds.Contains(c.ExternalId)).ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, cancellationToken);
        for (var i = 0; i < categories.Count; i++)
            if (categories[i].ParentExternalId is { } parent && !knownCategories.ContainsKey(parent) && !categories.Any(c => c.ExternalId == parent))
                errors.Add($"categories[{i}].parentExternalId", $"No category '{parent}' in the request or the shop.");
        for (var i = 0; i < products.Count; i++)
            if (products[i].CategoryExternalId is { } category && !knownCategories.ContainsKey(category) && !categories.Any(c => c.ExternalId == category))
                errors.Add($"products[{i}].categoryExternalId", $"No category '{category}' in the request or the shop.");
        errors.ThrowIfAny();

        int cCreated = 0, cUpdated = 0, cUnchanged = 0;
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in categories.Where(c => !knownCategories.ContainsKey(c.ExternalId)))
        {
            var category = new Category { ExternalId = input.ExternalId, Name = input.Name };
            knownCategories[input.ExternalId] = category;
            db.Categories.Add(category);
            fresh.Add(input.ExternalId);
            cCreated++;
        }
        // New categories get their ids first: a parent may come later in the same batch.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var input in categories)
        {
            var category = knownCategories[input.ExternalId];
            var parentId = input.ParentExternalId is { } p ? knownCategories[p].Id : (long?)null;
            if (!fresh.Contains(input.ExternalId))
            {
                if (category.Name == input.Name && category.ParentId == parentId)
                    cUnchanged++;
                else
                    cUpdated++;
            }
            category.Name = input.Name;
            category.ParentId = parentId;
        }

        var skus = products.Select(p => p.Sku).ToList();
        var known = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, cancellationToken);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var input in products)
        {
            var categoryId = input.CategoryExternalId is { } c ? knownCategories[c].Id : (long?)null;
            var currency = input.Currency?.Trim().ToUpperInvariant();
            if (!known.TryGetValue(input.Sku, out var product))
            {
                db.Products.Add(new Product
                {
                    Sku = input.Sku, Name = input.Name, Price = input.Price, Currency = currency, InStock = input.InStock ?? true,
                    CategoryId = categoryId, CreatedAt = now, UpdatedAt = now,
                });
                created++;
                continue;
            }
            if (product.Name == input.Name && product.Price == input.Price && product.Currency == currency
                && product.InStock == (input.InStock ?? true) && product.CategoryId == categoryId)
            {
                unchanged++;
                continue;
            }
            product.Name = input.Name;
            product.Price = input.Price;
            product.Currency = currency;
            product.InStock = input.InStock ?? true;
            product.CategoryId = categoryId;
            product.UpdatedAt = now;
            updated++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return new CatalogResult(new UpsertCounts(cCreated, cUpdated, cUnchanged), new UpsertCounts(created, updated, unchanged));
    }

    /// <summary>Product ids by SKU for an order's lines; a SKU the shop has not sent yet becomes a product named by the line.</summary>
    public static async Task<Dictionary<string, long>> EnsureSkusAsync(
        RetainDbContext db, IEnumerable<(string Sku, string? Name)> lines, DateTime now, CancellationToken cancellationToken)
    {
        var wanted = lines.GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(l => l.Name).FirstOrDefault(n => n is not null), StringComparer.Ordinal);
        var skus = wanted.Keys.ToList();
        var ids = await db.Products.Where(p => skus.Contains(p.Sku)).Select(p => new { p.Sku, p.Id }).ToDictionaryAsync(p => p.Sku, p => p.Id, StringComparer.Ordinal, cancellationToken);
        var added = wanted.Where(w => !ids.ContainsKey(w.Key))
            .Select(w => new Product { Sku = w.Key, Name = w.Value ?? w.Key, CreatedAt = now, UpdatedAt = now }).ToList();
        if (added.Count > 0)
        {
            db.Products.AddRange(added);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var p in added)
                ids[p.Sku] = p.Id;
        }
        return ids;
    }

    internal static void Duplicates(IEnumerable<string> ids, string list, string field, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var id in ids)
        {
            if (!seen.Add(id))
                errors.Add($"{list}[{i}].{field}", $"'{id}' appears more than once in the batch.");
            i++;
        }
    }
}
