using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Vertex;

/// <summary>What a Cloud Billing SKU description says: the model and the kind of tokens.</summary>
public sealed record VertexSku(string Model, TokenType TokenType);
