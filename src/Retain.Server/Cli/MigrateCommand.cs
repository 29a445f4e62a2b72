using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Retain.Core.Storage;

namespace Retain.Server.Cli;

/// <summary><c>retain migrate</c>: creates the database or brings its schema up to date.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var storage = new StorageCliOptions();
        var command = new Command("migrate", "Create the database or upgrade its schema to this version of Retain");
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = CliHost.BuildServices(parse, storage);
            var where = CliHost.Describe(services.GetRequiredService<IOptions<StorageOptions>>().Value);
            var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(applied.Count == 0
                ? $"{where}: schema is up to date."
                : $"{where}: applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return 0;
        });
        return command;
    }
}
