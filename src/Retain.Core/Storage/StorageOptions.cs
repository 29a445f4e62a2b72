namespace Retain.Core.Storage;

/// <summary>The database engines Retain runs on.</summary>
public enum DatabaseProvider
{
    Sqlite = 0,
    Postgres = 1,
}

/// <summary>
/// Where Retain keeps its data (configuration section <c>Retain:Storage</c>). <see cref="Database"/> is either a
/// PostgreSQL connection string (<c>Host=…</c>) or a SQLite file path or connection string; empty means the SQLite
/// file <c>retain.db</c> under <see cref="DataDirectory"/>.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Retain:Storage";

    public string? Database { get; set; }

    public string DataDirectory { get; set; } = "./data";

    /// <summary>Forces the provider; by default it is inferred from <see cref="Database"/>.</summary>
    public DatabaseProvider? Provider { get; set; }

    /// <summary>How long SQLite waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The provider and the connection string these options stand for.</summary>
    public ResolvedDatabase Resolve()
    {
        var database = Database?.Trim();
        var provider = Provider ?? (LooksLikePostgres(database) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrEmpty(database))
                throw new InvalidOperationException($"{SectionName}:Database must be a PostgreSQL connection string (Host=…) when the provider is Postgres.");
            return new ResolvedDatabase(provider, database);
        }
        if (string.IsNullOrEmpty(database))
            database = Path.Combine(DataDirectory, "retain.db");
        // A bare path becomes a connection string; "Data Source=…" (or any key=value form) is taken as given.
        var connectionString = database.Contains('=', StringComparison.Ordinal) ? database : $"Data Source={database}";
        return new ResolvedDatabase(provider, connectionString);
    }

    private static bool LooksLikePostgres(string? database) =>
        database is not null &&
        (database.Contains("Host=", StringComparison.OrdinalIgnoreCase) ||
         database.Contains("Server=", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A provider and its connection string.</summary>
public sealed record ResolvedDatabase(DatabaseProvider Provider, string ConnectionString);
