namespace Retain.Core.Storage;

/// <summary>Retain stores every instant as UTC; these are the rules for values that arrive without a zone.</summary>
public static class UtcTime
{
    /// <summary>UTC as is, Local converted, Unspecified taken to be UTC already.</summary>
    public static DateTime Normalize(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
