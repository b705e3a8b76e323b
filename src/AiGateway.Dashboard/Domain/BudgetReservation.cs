namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A gateway's hold on budget headroom for one request, taken before the request is sent: its worst-case cost counts
/// against every hard-limited budget of the unit and of its ancestors until the usage event settles it, the gateway
/// releases it, or it expires.
/// </summary>
public class BudgetReservation
{
    public const int DefaultTtlSeconds = 300;
    public const int MaxTtlSeconds = 3_600;

    /// <summary>"rsv_" and 24 hex digits.</summary>
    public string Id { get; set; } = "";
    /// <summary>The gateway's id for the request: the same id again returns the same reservation (a retry).</summary>
    public string? RequestId { get; set; }
    /// <summary>Null when the request is not attributed to any org unit (no budget applies).</summary>
    public int? OrgUnitId { get; set; }
    public ProviderKind? Provider { get; set; }
    public string? Model { get; set; }
    public long AmountMicros { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public ReservationStatus Status { get; set; }
    public DateTime? ClosedUtc { get; set; }

    public bool IsOpenAt(DateTime nowUtc) => Status == ReservationStatus.Open && nowUtc < ExpiresUtc;

    public static string NewId() => "rsv_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// The budget that refuses <paramref name="amountMicros"/> more: the first hard-limited one (the unit's own first, then
    /// its ancestors') whose actual spend plus open reservations plus the amount would exceed it; null when every one has room.
    /// </summary>
    public static BudgetHeadroom? Blocking(IEnumerable<BudgetHeadroom> chain, long amountMicros) =>
        chain.FirstOrDefault(h => h.Status.HardLimit && h.Status.ActualMicros + h.ReservedMicros + amountMicros > h.Status.BudgetMicros);
}
