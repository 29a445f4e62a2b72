using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Retain.Core.Security;
using Retain.Core.Storage;

namespace Retain.Server.Auth;

/// <summary>
/// Keeps the data-protection key ring (what signs and encrypts the session cookie) in the database instead of one
/// machine's home directory: a user stays signed in across restarts, and any server on the same database accepts a
/// cookie another one issued. The keys are as secret as the database; a deployment that needs them encrypted at rest
/// adds a key-encryption certificate in configuration.
/// </summary>
internal sealed class DatabaseKeyRepository(IDbContextFactory<RetainDbContext> contexts) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
