using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Retain.Server.Auth;

namespace Retain.Server.Dashboard;

/// <summary>
/// The web dashboard: server-rendered Razor components on the same host as the API. Pages redirect an anonymous
/// visitor to the sign-in page while /api keeps answering 401/403; pages are localized (English, Polish) by a cookie.
/// </summary>
public static class DashboardSetup
{
    /// <summary>English (British dates, day first) and Polish; the first is the default.</summary>
    public static readonly CultureInfo[] Cultures = [new("en-GB"), new("pl-PL")];

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddLocalization();
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.View, p => p.RequireRole(nameof(Core.Security.UserRole.Viewer), nameof(Core.Security.UserRole.Marketer), nameof(Core.Security.UserRole.Admin)))
            .AddPolicy(DashboardPolicies.Edit, p => p.RequireRole(nameof(Core.Security.UserRole.Marketer), nameof(Core.Security.UserRole.Admin)))
            .AddPolicy(DashboardPolicies.Admin, p => p.RequireRole(nameof(Core.Security.UserRole.Admin)));
        // The API's cookie answers with status codes; a page should send the browser to the sign-in form instead.
        services.PostConfigure<CookieAuthenticationOptions>(AuthSetup.CookieScheme, o =>
        {
            o.LoginPath = DashboardRoutes.Login;
            o.AccessDeniedPath = DashboardRoutes.Denied;
            var toLogin = o.Events.OnRedirectToLogin;
            var toDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToLogin = c => IsApi(c.Request) ? toLogin(c) : Redirect(c);
            o.Events.OnRedirectToAccessDenied = c => IsApi(c.Request) ? toDenied(c) : Redirect(c);
        });
        services.AddScoped<DashboardContext>();
        return services;
    }

    /// <summary>Maps the pages, sign-in and language endpoints, and the localization and antiforgery the pages need.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        // The API stays culture-invariant whatever the browser's Accept-Language says.
        app.UseWhen(c => !IsApi(c.Request), b => b.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        }));
        app.UseAntiforgery();
        app.MapDashboardEndpoints();
        app.MapRazorComponents<App>();
        return app;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Authorization policies of the dashboard, by the signed-in user's role.</summary>
public static class DashboardPolicies
{
    /// <summary>Any signed-in user (viewer, marketer, admin): every page is readable.</summary>
    public const string View = "dashboard-view";

    /// <summary>Marketers and admins: actions that change data (imports).</summary>
    public const string Edit = "dashboard-edit";

    /// <summary>Admins only: settings, API keys, users.</summary>
    public const string Admin = "dashboard-admin";
}

/// <summary>The dashboard's addresses, in one place for links, redirects and tests.</summary>
public static class DashboardRoutes
{
    public const string Overview = "/";
    public const string Login = "/login";
    public const string Logout = "/logout";
    public const string Denied = "/denied";
    public const string Culture = "/culture";
    public const string Assets = "/_dashboard";
}
