namespace AiGateway.Dashboard.Domain;

/// <summary>1 <paramref name="From"/> = <paramref name="Rate"/> <paramref name="To"/>, as published on <paramref name="PublishedOn"/>.</summary>
public sealed record FxQuote(decimal Rate, DateOnly PublishedOn, string From, string To);
