using Npgsql;
using Retain.Testing;

namespace Retain.Core.Tests;

public sealed class PostgresSmokeTests
{
    [Fact]
    public async Task CreateDatabase_GivesAnEmptyDatabaseThatAnswers()
    {
        var cs = await PostgresServer.CreateDatabaseAsync("smoke");
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new NpgsqlCommand("select count(*) from pg_tables where schemaname = 'public'", conn);
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }
}
