namespace Retain.Core.Security;

/// <summary>Section <c>Retain:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Retain:Security";

    /// <summary>
    /// How long a checked API key is remembered by a server process: the bound on how late a revocation made by another
    /// process (the CLI, a second server) takes effect. Zero checks the database on every request.
    /// </summary>
    public TimeSpan ApiKeyCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
