namespace Retain.Server.Dashboard;

/// <summary>The shared strings of the dashboard (layout, navigation, common words): <c>IStringLocalizer&lt;DashboardText&gt;</c>.</summary>
public sealed class DashboardText;
