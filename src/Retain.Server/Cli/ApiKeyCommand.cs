using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Security;
using Retain.Core.Storage;

namespace Retain.Server.Cli;

/// <summary><c>retain apikey create|list|revoke</c>: the shop's credentials for the API. A token is printed once, at creation.</summary>
internal static class ApiKeyCommand
{
    public static Command Create()
    {
        var command = new Command("apikey", "Create, list and revoke API keys");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        return command;
    }

    private static Command CreateCreate()
    {
        var storage = new StorageCliOptions();
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. \"storefront\"", Required = true };
        var scopes = new Option<string>("--scopes")
        {
            Description = $"Comma-separated scopes: {string.Join(", ", ApiScopes.All)} (admin implies the others)",
            DefaultValueFactory = _ => ApiScopes.Ingest,
        };
        var command = new Command("create", "Create a key and print its token (shown only this once)");
        command.Options.Add(name);
        command.Options.Add(scopes);
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var scopeList = ApiScopes.Parse(parse.GetValue(scopes));
            if (scopeList is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"--scopes must list one or more of: {string.Join(", ", ApiScopes.All)}.");
                return 2;
            }
            await using var services = await BuildAsync(parse, storage, cancellationToken);
            var (key, token) = await services.GetRequiredService<ApiKeyStore>().CreateAsync(parse.GetValue(name)!, scopeList, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created API key {key.Id} '{key.Name}' ({key.Scopes}), prefix {key.Prefix}."));
            await output.WriteLineAsync("Token (shown only now; store it in the shop's secrets):");
            await output.WriteLineAsync(token);
            return 0;
        });
        return command;
    }

    private static Command CreateList()
    {
        var storage = new StorageCliOptions();
        var command = new Command("list", "List keys (never their tokens)");
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await BuildAsync(parse, storage, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"{"id",4}  {"prefix",-12}  {"name",-24}  {"scopes",-20}  {"created",-16}  {"last used",-16}  status");
            foreach (var k in await services.GetRequiredService<ApiKeyStore>().ListAsync(cancellationToken))
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{k.Id,4}  {k.Prefix,-12}  {k.Name,-24}  {k.Scopes,-20}  {k.CreatedAt,-16:yyyy-MM-dd HH:mm}  {k.LastUsedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",-16}  {(k.RevokedAt is null ? "active" : "revoked")}"));
            return 0;
        });
        return command;
    }

    private static Command CreateRevoke()
    {
        var storage = new StorageCliOptions();
        var key = new Argument<string>("key") { Description = "The key's prefix or id" };
        var command = new Command("revoke", "Revoke a key: requests with it are refused from now on");
        command.Arguments.Add(key);
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await BuildAsync(parse, storage, cancellationToken);
            var which = parse.GetValue(key)!;
            if (!await services.GetRequiredService<ApiKeyStore>().RevokeAsync(which, cancellationToken))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No API key '{which}'.");
                return 1;
            }
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Revoked API key {which}.");
            return 0;
        });
        return command;
    }

    /// <summary>The verb's services on a migrated database (a fresh install may create its first key before serving).</summary>
    internal static async Task<ServiceProvider> BuildAsync(ParseResult parse, StorageCliOptions storage, CancellationToken cancellationToken)
    {
        var services = CliHost.BuildServices(parse, storage, s => s.AddRetainSecurity());
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return services;
    }
}
