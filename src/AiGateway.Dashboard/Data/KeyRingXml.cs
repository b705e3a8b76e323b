using System.Xml.Linq;

namespace AiGateway.Dashboard.Data;

/// <summary>Reads Data Protection key XML: tells a key stored in clear from one encrypted at rest.</summary>
public static class KeyRingXml
{
    private static readonly XName RequiresEncryption = XName.Get("requiresEncryption", "http://schemas.asp.net/2015/03/dataProtection");

    /// <summary>True when the element holds key material in clear (marked "requires encryption" but not encrypted).</summary>
    public static bool HoldsKeyInClear(XElement element) =>
        element.DescendantsAndSelf().Any(e => string.Equals((string?)e.Attribute(RequiresEncryption), "true", StringComparison.OrdinalIgnoreCase));

    public static bool HoldsKeyInClear(string xml) => HoldsKeyInClear(XElement.Parse(xml));
}
