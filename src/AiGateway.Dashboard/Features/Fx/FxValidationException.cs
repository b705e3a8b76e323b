namespace AiGateway.Dashboard.Features.Fx;

/// <summary>A rate or a rates file that cannot be taken, in words a person can act on; nothing was written.</summary>
public sealed class FxValidationException(string message) : Exception(message);
