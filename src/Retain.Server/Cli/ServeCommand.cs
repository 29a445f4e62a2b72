using System.CommandLine;
using Retain.Server.Hosting;

namespace Retain.Server.Cli;

/// <summary><c>retain serve</c>: migrate the database and serve the API on 127.0.0.1.</summary>
public static class ServeCommand
{
    public static Option<string> Urls { get; } = new("--urls")
    {
        Description = $"Where to listen (default {ServerHost.DefaultUrl})",
        DefaultValueFactory = _ => ServerHost.DefaultUrl,
    };

    public static Command Create()
    {
        var storage = new StorageCliOptions();
        var command = new Command("serve", "Serve the API (health, measurements) on 127.0.0.1");
        storage.AddTo(command);
        command.Options.Add(Urls);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = ServerHost.Build(["--urls", parse.GetValue(Urls)!], c => CliHost.AddStorageOverrides(c, parse, storage));
            await using (app)
            {
                await app.Services.GetRequiredService<Retain.Core.Storage.DatabaseMigrator>().MigrateAsync(cancellationToken);
                var users = await app.Services.GetRequiredService<Retain.Core.Security.UserAccounts>().ListAsync(cancellationToken);
                return await ServerHost.RunAsync(app, users.Count > 0
                    ? $"Dashboard users: {string.Join(", ", users.Where(u => u.DisabledAt is null).Select(u => $"{u.Email} ({u.Role.ToString().ToLowerInvariant()})"))}"
                    : "No dashboard user yet: create one with  retain user create EMAIL --role admin");
            }
        });
        return command;
    }
}
