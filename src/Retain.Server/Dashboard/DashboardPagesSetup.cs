using Retain.Server.Dashboard.Import;
using Retain.Server.Dashboard.Models;
using Retain.Server.Dashboard.Settings;

namespace Retain.Server.Dashboard;

/// <summary>Services behind the Import, Settings and Models pages.</summary>
public static class DashboardPagesSetup
{
    public static IServiceCollection AddDashboardPages(this IServiceCollection services)
    {
        services.AddSingleton(_ => UploadedFiles.InTemp());
        services.AddSingleton<ImportJobs>();
        services.AddSingleton<SettingsActions>();
        services.AddSingleton<BacktestCache>();
        services.AddSingleton<Pages.LoyaltyPageActions>();
        return services;
    }

    /// <summary>The Import page's upload endpoint (the pages themselves are found by the shell's router).</summary>
    public static WebApplication MapDashboardPages(this WebApplication app)
    {
        app.MapImportUpload();
        return app;
    }
}
