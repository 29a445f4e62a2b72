using AwesomeAssertions;
using Microsoft.Data.Sqlite;
using Retain.Core.Import;

namespace Retain.Core.Tests.Import;

/// <summary>The import's raw SQLite statements (direct e_sqlite3 calls) against a real in-memory database.</summary>
public sealed class SqliteRawStatementTests
{
    [Fact]
    public void Binds_and_reads_back_text_null_empty_and_numbers_by_position()
    {
        using var connection = Open();
        using var insert = new SqliteRawStatement(connection, "INSERT INTO t (a, b, n) VALUES (?1, ?2, ?3)");
        const string name = "Żółty kubek";
        insert.Bind(1, name);
        insert.BindOnce(2, "");
        insert.Bind(3, (long?)null);
        var first = insert.Insert();
        // Equal text in another string instance: the by-reference byte cache must not matter for what is stored.
        insert.Bind(1, new string(name.AsSpan()));
        insert.Bind(2, (string?)null);
        insert.Bind(3, 7L);
        var second = insert.Insert();

        second.Should().Be(first + 1);
        Row(connection, first).Should().Be((name, "", null));
        Row(connection, second).Should().Be((name, null, "7"));
    }

    [Fact]
    public void A_failing_step_throws_with_SQLite_s_message_and_the_statement_stays_usable()
    {
        using var connection = Open();
        using var insert = new SqliteRawStatement(connection, "INSERT INTO t (id, a) VALUES (?1, ?2)");
        insert.Bind(1, 1L);
        insert.Bind(2, "x");
        insert.Insert();

        var duplicate = () => insert.Insert();

        duplicate.Should().Throw<SqliteException>().WithMessage("*UNIQUE constraint failed: t.id*");
        insert.Bind(1, 2L);
        insert.Insert().Should().Be(2);
    }

    private static SqliteConnection Open()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, n INTEGER)";
        create.ExecuteNonQuery();
        return connection;
    }

    private static (string? A, string? B, string? N) Row(SqliteConnection connection, long id)
    {
        using var select = new SqliteRawStatement(connection, "SELECT a, b, n FROM t WHERE id = ?1");
        select.Bind(1, id);
        select.Read().Should().BeTrue();
        var row = (select.GetStringOrNull(0), select.GetStringOrNull(1), select.GetStringOrNull(2));
        select.Reset();
        return row;
    }
}
