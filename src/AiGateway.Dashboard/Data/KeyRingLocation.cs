namespace AiGateway.Dashboard.Data;

/// <summary>Where the key ring is kept, as logged at start, and whether it is encrypted at rest.</summary>
public sealed record KeyRingLocation(string Description, bool EncryptedAtRest);
