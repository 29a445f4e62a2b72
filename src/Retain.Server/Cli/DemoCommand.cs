using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Demo;
using Retain.Core.Scores;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Hosting;

namespace Retain.Server.Cli;

/// <summary>
/// <c>retain demo</c>: creates the demo shop database if it is absent (<c>./data/demo.db</c>, or <c>--db</c>), prints
/// its retention report and serves it. The README's first command.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var storage = new StorageCliOptions();
        var customers = new Option<int>("--customers") { Description = "Customers in the demo shop", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed makes the same shop", DefaultValueFactory = _ => 42 };
        var endDate = new Option<DateOnly?>("--end-date") { Description = "Last day of the shop's history (default today, UTC)" };
        var years = new Option<int>("--years") { Description = "Years of history", DefaultValueFactory = _ => 2 };
        var purchaseRate = new Option<double>("--purchase-rate")
        {
            Description = "Multiplies every customer's purchase rate (measured: 1 gives 1.8 orders per customer over two years, 5.5 gives 3.5; drop-out after each purchase caps it)",
            DefaultValueFactory = _ => 1.0,
        };
        var noServe = new Option<bool>("--no-serve") { Description = "Create the database and print the report, then exit" };
        var noLoyalty = new Option<bool>("--no-loyalty")
        {
            Description = "Skip the loyalty programme's year of history (it goes through the real ledger, about 1 s per 100 customers on SQLite)",
        };
        var command = new Command("demo", "Create the demo shop (if absent), print its report and serve it");
        storage.AddTo(command);
        command.Options.Add(customers);
        command.Options.Add(seed);
        command.Options.Add(endDate);
        command.Options.Add(years);
        command.Options.Add(purchaseRate);
        command.Options.Add(noServe);
        command.Options.Add(noLoyalty);
        command.Options.Add(ServeCommand.Urls);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Checked here rather than in a validator: System.CommandLine validators do not see default values.
            if (parse.GetValue(customers) is < 1 or > 10_000_000 || parse.GetValue(years) is < 1 or > 20 || parse.GetValue(purchaseRate) is not (> 0 and <= 50))
            {
                await Console.Error.WriteLineAsync("--customers must be between 1 and 10,000,000, --years between 1 and 20 and --purchase-rate above 0 and at most 50.");
                return 2;
            }
            var options = new DemoShopOptions
            {
                Customers = parse.GetValue(customers),
                Seed = parse.GetValue(seed),
                EndDate = parse.GetValue(endDate) ?? DateOnly.FromDateTime(DateTime.UtcNow),
                Years = parse.GetValue(years),
                PurchaseRateFactor = parse.GetValue(purchaseRate),
            };
            var app = ServerHost.Build(["--urls", parse.GetValue(ServeCommand.Urls)!], c =>
            {
                // The demo shop lives in its own file so it never mixes with a real shop's data.
                var dataDir = parse.GetValue(storage.DataDir) is { Length: > 0 } d ? d : "./data";
                c.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{StorageOptions.SectionName}:Database"] = Path.Combine(dataDir, "demo.db"),
                });
                CliHost.AddStorageOverrides(c, parse, storage);
            }, b => b.Services.AddSingleton<DemoShopWriter>());
            await using (app)
            {
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
                var created = await CreateIfAbsentAsync(app.Services, options, cancellationToken);
                await DemoReport.PrintAsync(app.Services, cancellationToken);
                var withLoyalty = created && !parse.GetValue(noLoyalty);
                if (parse.GetValue(noServe))
                {
                    if (withLoyalty)
                        await SetUpLoyaltyAsync(app.Services, options.End, cancellationToken);
                    return 0;
                }
                // Serving: the programme's year of history goes through the ledger command by command, minutes for the
                // default shop, so it runs beside the server instead of delaying the dashboard. If the demo is stopped
                // first, the loyalty job finishes the earning on the next start (the programme is published at once).
                if (withLoyalty)
                    _ = Task.Run(() => SetUpLoyaltyAsync(app.Services, options.End, app.Lifetime.ApplicationStopping), CancellationToken.None);
                var token = await DemoKeyAsync(app.Services, cancellationToken);
                var (email, password) = await DemoLoginAsync(app.Services, cancellationToken);
                var url = parse.GetValue(ServeCommand.Urls);
                return await ServerHost.RunAsync(app,
                    $"Dashboard: {url}/  sign in as {email} with the password {password} (new on every run)\n" +
                    $"A read-only API key for this run (the previous run's key is revoked):\n  curl -H \"Authorization: Bearer {token}\" {url}/api/v1/measure/kpis");
            }
        });
        return command;
    }

    private const string DemoKeyName = "demo (printed by retain demo)";

    /// <summary>
    /// The API needs a key, and a key's secret is stored only as a hash, so every demo run makes a fresh read-only key
    /// to print and revokes the one printed last time: a local demo never piles up live keys.
    /// </summary>
    internal static async Task<string> DemoKeyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var keys = services.GetRequiredService<ApiKeyStore>();
        foreach (var old in (await keys.ListAsync(cancellationToken)).Where(k => k.Name == DemoKeyName && k.RevokedAt is null))
            await keys.RevokeAsync(old.Prefix, cancellationToken);
        return (await keys.CreateAsync(DemoKeyName, [ApiScopes.Read], cancellationToken)).Token;
    }

    public const string DemoAdminEmail = "admin@demo.retain.local";

    /// <summary>The demo's admin user with a fresh random password: like the key, only its hash is stored, so each run prints a new one.</summary>
    internal static async Task<(string Email, string Password)> DemoLoginAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        await services.GetRequiredService<UserAccounts>().CreateOrResetAsync(DemoAdminEmail, password, UserRole.Admin, cancellationToken);
        return (DemoAdminEmail, password);
    }

    /// <returns>Whether the shop was created now (false: it existed and is served as it is).</returns>
    private static async Task<bool> CreateIfAbsentAsync(IServiceProvider services, DemoShopOptions options, CancellationToken cancellationToken)
    {
        await using (var db = await services.GetRequiredService<IDbContextFactory<RetainDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            if (await db.Customers.AnyAsync(cancellationToken))
            {
                Console.WriteLine("The demo shop already exists; serving it as it is (delete ./data/demo.db to make a new one).");
                return false;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Creating the demo shop: {options.Customers:N0} customers, {options.Years} years of history to {options.EndDate:yyyy-MM-dd}, seed {options.Seed} …"));
        var progress = new Progress<string>(Console.WriteLine);
        var summary = await services.GetRequiredService<DemoShopWriter>().WriteAsync(options, progress, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Demo shop ready in {summary.Elapsed.TotalSeconds:F1} s: {summary.Customers:N0} customers, {summary.Orders:N0} orders, " +
            $"{summary.Refunds:N0} refunds, {summary.GuestOrders:N0} guest orders, {summary.Consents:N0} consents, {summary.Events:N0} events."));
        return true;
    }

    private static async Task SetUpLoyaltyAsync(IServiceProvider services, DateTime end, CancellationToken cancellationToken)
    {
        // The loyalty job would drain the same feed meanwhile, doubling the work (idempotently, but on the same two
        // cores): the setup holds the job's lease, renewed every minute, and gives it back when done. If the process
        // dies, the lease runs out within LeaseFor and the job finishes the earning.
        var leases = services.GetRequiredService<JobLeases>();
        var time = services.GetRequiredService<TimeProvider>();
        var owner = $"demo-setup:{Environment.ProcessId}:{Guid.NewGuid():N}";
        using var renewals = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = HoldLeaseAsync(leases, time, owner, renewals.Token);
        try
        {
            Console.WriteLine("Setting up the loyalty programme: a year of orders and refunds through the ledger …");
            var loyalty = await services.GetRequiredService<Core.Loyalty.LoyaltyDemo>().SetUpAsync(end, new Progress<string>(Console.WriteLine), cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Loyalty programme ready in {loyalty.Elapsed.TotalSeconds:F1} s: {loyalty.Members:N0} members, {loyalty.OrdersEarned:N0} orders earned, " +
                $"{loyalty.RefundsReversed:N0} refunds reversed, {loyalty.Redemptions:N0} rewards redeemed, {loyalty.CodesUsed:N0} codes used."));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the server; the loyalty job finishes the earning on the next start.
        }
        finally
        {
            await renewals.CancelAsync();
            await renewing;
            await leases.ReleaseAsync(Loyalty.LoyaltyJobService.JobName, owner, time.GetUtcNow().UtcDateTime, CancellationToken.None);
        }
    }

    private static readonly TimeSpan LeaseFor = TimeSpan.FromMinutes(3);

    /// <summary>Takes the loyalty job's lease (waiting for a pass in progress to give it up) and renews it every minute until cancelled.</summary>
    private static async Task HoldLeaseAsync(JobLeases leases, TimeProvider time, string owner, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var held = await leases.TryAcquireAsync(Loyalty.LoyaltyJobService.JobName, owner, LeaseFor, time.GetUtcNow().UtcDateTime, cancellationToken);
                await Task.Delay(held ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Done or stopping: the caller gives the lease back.
        }
    }
}
