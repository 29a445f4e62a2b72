namespace Retain.Core.Security;

/// <summary>
/// One ASP.NET Core data-protection key (the XML the key ring stores), kept in the database so that every server on it
/// can read the session cookies any of them issued, before and after a restart.
/// </summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}
