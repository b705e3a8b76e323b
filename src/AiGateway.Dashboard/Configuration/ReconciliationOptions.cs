namespace AiGateway.Dashboard.Configuration;

public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>An estimate within this share of the bill (in percent) is matched.</summary>
    public decimal TolerancePercent { get; set; } = 2;

    /// <summary>Admins and Finance are alerted when a provider-month's untracked spend (billed with no gateway usage) passes this many USD; 0 turns it off.</summary>
    public decimal UntrackedAlertAmount { get; set; } = 100;
}
