using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Sqlite.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Update;

namespace Retain.Core.Storage;

/// <summary>
/// SQLite <c>WITHOUT ROWID</c> tables, which EF Core cannot declare: the entity is marked with an annotation (kept in
/// the migrations' model snapshots) and <see cref="SqliteWithoutRowIdMigrationsSqlGenerator"/> appends the clause to
/// its <c>CREATE TABLE</c>, also when SQLite migrations rebuild the table. A table keyed by a composite key is then
/// stored as one B-tree in key order instead of a rowid table plus a unique index on the key.
/// </summary>
public static class SqliteWithoutRowId
{
    public const string Annotation = "Retain:SqliteWithoutRowId";

    public static EntityTypeBuilder<T> IsWithoutRowId<T>(this EntityTypeBuilder<T> builder) where T : class =>
        builder.HasAnnotation(Annotation, true);

    internal static bool IsWithoutRowId(IModel? model, string table) =>
        model?.GetEntityTypes().Any(e => e.GetTableName() == table && e.FindAnnotation(Annotation)?.Value is true) == true;
}

#pragma warning disable EF1001 // SqliteMigrationsSqlGenerator is "internal" API; we only add a clause to its output.
internal sealed class SqliteWithoutRowIdMigrationsSqlGenerator(
    MigrationsSqlGeneratorDependencies dependencies, IRelationalAnnotationProvider migrationsAnnotations)
    : SqliteMigrationsSqlGenerator(dependencies, migrationsAnnotations)
{
    // The name SQLite migrations give the new table while rebuilding one (then renamed to the real name).
    private const string RebuildPrefix = "ef_temp_";

    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        var table = operation.Name.StartsWith(RebuildPrefix, StringComparison.Ordinal) ? operation.Name[RebuildPrefix.Length..] : operation.Name;
        if (!SqliteWithoutRowId.IsWithoutRowId(model, table))
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }
        base.Generate(operation, model, builder, terminate: false);
        builder.Append(" WITHOUT ROWID");
        if (!terminate)
            return;
        builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }
}
#pragma warning restore EF1001
