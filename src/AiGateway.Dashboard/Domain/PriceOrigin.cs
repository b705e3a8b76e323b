namespace AiGateway.Dashboard.Domain;

/// <summary>Where a price came from: the catalog shipped with the product (reloaded at start), an admin, or an imported file.</summary>
public enum PriceOrigin
{
    Catalog = 0,
    Admin = 1,
    Import = 2,
}
