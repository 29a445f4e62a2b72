using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Retain.Core.Security;

namespace Retain.Server.Cli;

/// <summary><c>retain user create|list|set-role|disable</c>: dashboard users and their roles.</summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Manage dashboard users (admin, marketer, viewer)");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateSetRole());
        command.Subcommands.Add(CreateDisable());
        return command;
    }

    private static Option<UserRole> RoleOption(bool required) => new("--role")
    {
        Description = "admin, marketer or viewer",
        Required = required,
        DefaultValueFactory = _ => UserRole.Viewer,
    };

    private static Command CreateCreate()
    {
        var storage = new StorageCliOptions();
        var email = new Argument<string>("email") { Description = "The user's e-mail (the login)" };
        var role = RoleOption(required: false);
        var name = new Option<string?>("--name") { Description = "Display name" };
        var password = new Option<string?>("--password")
        {
            Description = $"At least {UserAccounts.MinPasswordLength} characters; read from standard input when absent (keeps it out of shell history)",
        };
        var command = new Command("create", "Create a user");
        command.Arguments.Add(email);
        command.Options.Add(role);
        command.Options.Add(name);
        command.Options.Add(password);
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = parse.GetValue(password) ?? Console.In.ReadLine() ?? "";
            await using var services = await ApiKeyCommand.BuildAsync(parse, storage, cancellationToken);
            try
            {
                var user = await services.GetRequiredService<UserAccounts>().CreateAsync(
                    parse.GetValue(email)!, secret, parse.GetValue(role), parse.GetValue(name), cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created user {user.Id} {user.Email} ({user.Role})."));
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static Command CreateList()
    {
        var storage = new StorageCliOptions();
        var command = new Command("list", "List users");
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await ApiKeyCommand.BuildAsync(parse, storage, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            foreach (var u in await services.GetRequiredService<UserAccounts>().ListAsync(cancellationToken))
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{u.Id,4}  {u.Email,-32}  {u.Role,-9}  {(u.DisabledAt is null ? "active" : "disabled")}"));
            return 0;
        });
        return command;
    }

    private static Command CreateSetRole()
    {
        var storage = new StorageCliOptions();
        var email = new Argument<string>("email");
        var role = RoleOption(required: true);
        var command = new Command("set-role", "Change a user's role");
        command.Arguments.Add(email);
        command.Options.Add(role);
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await ApiKeyCommand.BuildAsync(parse, storage, cancellationToken);
            return await ReportAsync(parse, parse.GetValue(email)!,
                await services.GetRequiredService<UserAccounts>().SetRoleAsync(parse.GetValue(email)!, parse.GetValue(role), cancellationToken),
                $"is now {parse.GetValue(role)}");
        });
        return command;
    }

    private static Command CreateDisable()
    {
        var storage = new StorageCliOptions();
        var email = new Argument<string>("email");
        var command = new Command("disable", "Disable a user: their sessions stop working at once");
        command.Arguments.Add(email);
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await ApiKeyCommand.BuildAsync(parse, storage, cancellationToken);
            return await ReportAsync(parse, parse.GetValue(email)!,
                await services.GetRequiredService<UserAccounts>().DisableAsync(parse.GetValue(email)!, cancellationToken), "is disabled");
        });
        return command;
    }

    private static async Task<int> ReportAsync(ParseResult parse, string email, bool found, string what)
    {
        if (!found)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"No user {email}.");
            return 1;
        }
        await parse.InvocationConfiguration.Output.WriteLineAsync($"User {email} {what}.");
        return 0;
    }
}
