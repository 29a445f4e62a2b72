using Microsoft.EntityFrameworkCore.Design;
using Retain.Core.Storage;

namespace Retain.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add … --project src/Retain.Migrations.Sqlite</c> build the SQLite model (no connection is opened).</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RetainDbContext>
{
    public RetainDbContext CreateDbContext(string[] args) =>
        new(RetainDbContextSetup.CreateOptions(args.Length > 0 ? args[0] : "Data Source=design-time.db"));
}
