using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Prices;

/// <summary>One line of an import's preview: a price the file adds, or one it changes (with the price in force today).</summary>
public sealed record PriceChange(ModelPrice Price, ModelPrice? Current)
{
    public bool IsNew => Current is null;
}
