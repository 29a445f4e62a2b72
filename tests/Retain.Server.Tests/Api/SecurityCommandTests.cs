using Microsoft.EntityFrameworkCore;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Cli;

namespace Retain.Server.Tests.Api;

/// <summary><c>retain apikey …</c> and <c>retain user …</c> against a fresh SQLite file.</summary>
public sealed class SecurityCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("retain-cli-").FullName;

    private string Db => Path.Combine(_dir, "retain.db");

    private RetainDbContext Context() => new(RetainDbContextSetup.CreateOptions(Db));

    [Fact]
    public async Task ApiKey_CreateListRevoke()
    {
        Assert.Equal(0, await RetainCli.RunAsync(["apikey", "create", "--name", "storefront", "--scopes", "ingest,read", "--db", Db]));
        Assert.Equal(2, await RetainCli.RunAsync(["apikey", "create", "--name", "bad", "--scopes", "write", "--db", Db]));
        Assert.Equal(0, await RetainCli.RunAsync(["apikey", "list", "--db", Db]));
        ApiKey key;
        await using (var db = Context())
            key = await db.ApiKeys.SingleAsync(Json.Ct);
        Assert.Equal("storefront", key.Name);
        Assert.Equal("ingest read", key.Scopes);
        Assert.Null(key.RevokedAt);
        Assert.Equal(0, await RetainCli.RunAsync(["apikey", "revoke", key.Prefix, "--db", Db]));
        Assert.Equal(1, await RetainCli.RunAsync(["apikey", "revoke", "nosuchprefix", "--db", Db]));
        await using (var db = Context())
            Assert.NotNull((await db.ApiKeys.SingleAsync(Json.Ct)).RevokedAt);
    }

    [Fact]
    public async Task User_CreateSetRoleDisable()
    {
        Assert.Equal(0, await RetainCli.RunAsync(["user", "create", "ann@example.com", "--role", "marketer", "--password", "long enough password", "--db", Db]));
        Assert.Equal(1, await RetainCli.RunAsync(["user", "create", "ann@example.com", "--password", "long enough password", "--db", Db]));
        Assert.Equal(1, await RetainCli.RunAsync(["user", "create", "bob@example.com", "--password", "short", "--db", Db]));
        Assert.Equal(0, await RetainCli.RunAsync(["user", "set-role", "ann@example.com", "--role", "admin", "--db", Db]));
        Assert.Equal(0, await RetainCli.RunAsync(["user", "disable", "ann@example.com", "--db", Db]));
        Assert.Equal(0, await RetainCli.RunAsync(["user", "list", "--db", Db]));
        await using var db = Context();
        var user = await db.Users.SingleAsync(Json.Ct);
        Assert.Equal(UserRole.Admin, user.Role);
        Assert.NotNull(user.DisabledAt);
        Assert.DoesNotContain("long enough password", user.PasswordHash, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
