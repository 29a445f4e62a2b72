using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retain.Core.Demo;
using Retain.Core.Scores;
using Retain.Core.Security;
using Retain.Core.Storage;
using Retain.Server.Hosting;

[assembly: AssemblyFixture(typeof(Retain.Dashboard.Tests.DashboardApp))]

namespace Retain.Dashboard.Tests;

/// <summary>
/// One real server for the whole test assembly: <see cref="ServerHost.Build"/> on Kestrel at a free port, over a
/// fresh SQLite demo shop (scored, with an admin, a marketer and a viewer), and one headless Debian Chromium.
/// Tests open their own browser context (cookies, viewport), so they do not see each other's sessions.
/// </summary>
public sealed class DashboardApp : IAsyncLifetime
{
    public const string Password = "a long test password";
    public const string AdminEmail = "admin@test.local";
    public const string MarketerEmail = "marketer@test.local";
    public const string ViewerEmail = "viewer@test.local";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Small enough to build in seconds, big enough for every segment, cohort and score list to have rows.</summary>
    public static readonly DemoShopOptions Shop = new() { Customers = 3_000, Seed = 42, EndDate = new DateOnly(2026, 6, 30), Years = 2 };

    private readonly string _directory = Directory.CreateTempSubdirectory("retain-dashboard-").FullName;
    private IPlaywright? _playwright;
    private string? _browserProblem;

    public WebApplication App { get; private set; } = null!;
    public IServiceProvider Services => App.Services;
    public string BaseUrl { get; private set; } = "";

    /// <summary>The API with a read key, to compare the dashboard's figures with.</summary>
    public HttpClient Api { get; private set; } = null!;

    public IBrowser? Browser { get; private set; }

    public async ValueTask InitializeAsync()
    {
        App = ServerHost.Build(["--urls", "http://127.0.0.1:0"],
            c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:Database"] = Path.Combine(_directory, "demo.db"),
                ["Retain:Scores:Enabled"] = "false",
                // The loyalty job would earn and release while tests compare the page with the API.
                ["Retain:Loyalty:Job:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            }),
            b => b.Services.AddSingleton<DemoShopWriter>());
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await Services.GetRequiredService<DemoShopWriter>().WriteAsync(Shop);
        // The loyalty page needs the demo's running programme: a year of orders and refunds through the ledger.
        await Services.GetRequiredService<Retain.Core.Loyalty.LoyaltyDemo>().SetUpAsync(Shop.End);
        await Services.GetRequiredService<ScoreRunner>().RunAsync(false);
        var users = Services.GetRequiredService<UserAccounts>();
        await users.CreateAsync(AdminEmail, Password, UserRole.Admin);
        await users.CreateAsync(MarketerEmail, Password, UserRole.Marketer);
        await users.CreateAsync(ViewerEmail, Password, UserRole.Viewer);
        var key = await Services.GetRequiredService<ApiKeyStore>().CreateAsync("dashboard tests", [ApiScopes.Read]);
        await App.StartAsync();
        BaseUrl = App.Urls.First();
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Token);
        await LaunchBrowserAsync();
    }

    private async Task LaunchBrowserAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            _browserProblem = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium).";
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the background-networking flags Chromium keeps trying to reach hosts this machine cannot reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>The browser, or a skip (a failure under RETAIN_REQUIRE_ALL=1) when Chromium is missing.</summary>
    public IBrowser RequireBrowser()
    {
        if (Browser is null)
            Retain.Testing.Requirements.Unavailable(_browserProblem ?? "no browser");
        return Browser!;
    }

    /// <summary>A fresh browser context at this viewport, signed in as <paramref name="email"/>, on the overview.</summary>
    public async Task<IPage> SignInAsync(string email, Viewport viewport)
    {
        var context = await RequireBrowser().NewContextAsync(new() { BaseURL = BaseUrl, Locale = "en-GB", ViewportSize = new() { Width = viewport.Width, Height = viewport.Height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(BaseUrl + "/");
        return page;
    }

    /// <summary>A full-page screenshot in artifacts/screenshots (not committed), named by page and viewport.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, Viewport viewport)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}-{viewport.Name}.png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Retain.slnx")))
                return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>A browser window size: desktop and phone widths for every page's screenshots.</summary>
public sealed record Viewport(string Name, int Width, int Height)
{
    public static readonly Viewport Desktop = new("desktop", 1366, 900);
    public static readonly Viewport Phone = new("phone", 390, 844);
    public static readonly Viewport[] Both = [Desktop, Phone];
}
