using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Retain.Server.Auth;

namespace Retain.Server.Dashboard;

/// <summary>The dashboard's non-page endpoints: sign-out, the language switch and the embedded stylesheet.</summary>
public static class DashboardEndpoints
{
    private static readonly byte[] Stylesheet = Load("dashboard/dashboard.css");

    /// <summary>The stylesheet's address carries a hash of its content, so browsers may cache it for good.</summary>
    public static readonly string StylesheetUrl =
        $"{DashboardRoutes.Assets}/dashboard.css?v={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Stylesheet))[..12]}";

    public static string ExportUrl(Core.Scores.ScoreSegment segment) =>
        segment == Core.Scores.ScoreSegment.AtRisk ? "/export/at-risk.csv" : "/export/vip.csv";

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(DashboardRoutes.Logout, (Delegate)Logout).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        app.MapGet(DashboardRoutes.Culture, SetCulture).ExcludeFromDescription();
        app.MapGet($"{DashboardRoutes.Assets}/dashboard.css", GetStylesheet).ExcludeFromDescription();
        app.MapGet("/export/{segment}.csv", ScoreExport.Export).RequireAuthorization(DashboardPolicies.View).ExcludeFromDescription();
        return app;
    }

    internal static async Task<RedirectHttpResult> Logout(HttpContext context)
    {
        await context.SignOutAsync(AuthSetup.CookieScheme);
        return TypedResults.LocalRedirect(DashboardRoutes.Login);
    }

    /// <summary>Remembers the chosen language for a year and goes back where the user was.</summary>
    internal static RedirectHttpResult SetCulture(string? c, string? returnUrl, HttpContext context)
    {
        if (DashboardSetup.Cultures.FirstOrDefault(k => string.Equals(k.Name, c, StringComparison.OrdinalIgnoreCase)) is { } culture)
        {
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }
        return TypedResults.LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>
    /// Sets an error status on a page that renders its own message: the status-code-pages middleware (which writes
    /// ProblemDetails for the API) must leave this body alone.
    /// </summary>
    public static void Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative address would make an open redirect.</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : DashboardRoutes.Overview;

    internal static FileContentHttpResult GetStylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.File(Stylesheet, "text/css; charset=utf-8");
    }

    private static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded dashboard asset '{name}' is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
