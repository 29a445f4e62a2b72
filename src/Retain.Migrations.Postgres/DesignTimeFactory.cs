using Microsoft.EntityFrameworkCore.Design;
using Retain.Core.Storage;

namespace Retain.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add … --project src/Retain.Migrations.Postgres</c> build the PostgreSQL model (no connection is opened).</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RetainDbContext>
{
    public RetainDbContext CreateDbContext(string[] args) =>
        new(RetainDbContextSetup.CreateOptions(args.Length > 0 ? args[0] : "Host=localhost;Database=retain_design_time"));
}
