namespace AiGateway.Dashboard.Features.Prices;

/// <summary>A price, discount or file that cannot be saved, with the sentence to show.</summary>
public sealed class PriceValidationException(string message) : Exception(message);
