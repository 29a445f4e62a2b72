namespace Retain.Core.Products;

/// <summary>A product, keyed for the shop by its <see cref="Sku"/>.</summary>
public sealed class Product
{
    public long Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public long? CategoryId { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public bool InStock { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A product category; a tree through <see cref="ParentId"/>.</summary>
public sealed class Category
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    public long? ParentId { get; set; }
}
