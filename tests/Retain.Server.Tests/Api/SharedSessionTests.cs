using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Security;

namespace Retain.Server.Tests.Api;

/// <summary>The session cookie's keys live in the database: any server on it accepts a cookie another one issued.</summary>
public sealed class SharedSessionTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task CookieFromOneServer_IsAcceptedByAnotherOnTheSameDatabase_AndRefusedByOneOnAnother(string provider)
    {
        var directory = Directory.CreateTempSubdirectory("retain-session-").FullName;
        var database = provider == "postgres" ? await Retain.Testing.PostgresServer.CreateDatabaseAsync("session") : Path.Combine(directory, "retain.db");
        try
        {
            string cookie;
            await using (var first = await TestApp.StartAsync(database))
            {
                await first.Services.GetRequiredService<UserAccounts>().CreateAsync("marketer@example.com", "correct horse battery", UserRole.Marketer, cancellationToken: Json.Ct);
                var login = await first.ClientWith(null).PostJson("/api/v1/auth/login", new { email = "marketer@example.com", password = "correct horse battery" });
                await login.Expect(HttpStatusCode.OK);
                cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("retain_session=", StringComparison.Ordinal)).Split(';')[0];
                await using var db = first.Db();
                Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync(Json.Ct));
            }

            // A second server (or the first one restarted) on the same database.
            await using (var second = await TestApp.StartAsync(database))
            {
                var session = second.ClientWith(null);
                session.DefaultRequestHeaders.Add("Cookie", cookie);
                var me = await (await session.GetAsync("/api/v1/auth/me", Json.Ct)).Expect(HttpStatusCode.OK);
                Assert.Equal("marketer@example.com", me.GetProperty("name").GetString());
            }

            // A server on another database has other keys, so the cookie means nothing there.
            await using var stranger = await TestApp.StartOnAsync(provider);
            var foreign = stranger.ClientWith(null);
            foreign.DefaultRequestHeaders.Add("Cookie", cookie);
            await (await foreign.GetAsync("/api/v1/auth/me", Json.Ct)).Expect(HttpStatusCode.Unauthorized);
        }
        finally
        {
            if (provider == "postgres")
                await Retain.Testing.PostgresServer.DropDatabaseAsync(database);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
