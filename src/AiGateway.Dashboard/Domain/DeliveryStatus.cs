namespace AiGateway.Dashboard.Domain;

public enum DeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending = 0,
    /// <summary>Claimed by a dispatcher that is sending it now.</summary>
    Sending = 1,
    Sent = 2,
    /// <summary>Every attempt failed; kept for the Admin to see and retry.</summary>
    Failed = 3,
}
