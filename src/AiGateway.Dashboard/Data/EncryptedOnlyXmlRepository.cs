using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// The database key store, minus any key left in clear by a version that did not encrypt the key ring:
/// such a key is never used again (its secrets are re-encrypted at start by <see cref="KeyRingMigration"/>).
/// </summary>
internal sealed class EncryptedOnlyXmlRepository(IXmlRepository inner) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        inner.GetAllElements().Where(e => !KeyRingXml.HoldsKeyInClear(e)).ToList();

    public void StoreElement(XElement element, string friendlyName) => inner.StoreElement(element, friendlyName);
}
