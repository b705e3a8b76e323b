using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Changes;

/// <summary>
/// The typed change signal of this process: services say what changed (<see cref="DataChange"/>), pages and background
/// work listen for the kinds they show. Sync progress has its own channel (<see cref="Sync.SyncNotifier"/>).
/// </summary>
public sealed class ChangeSignal
{
    /// <summary>What other nodes must hear of: changes of the shared data. A node's budget snapshot is its own (it follows).</summary>
    public const ChangeKind Shared = ChangeKind.AnySpend | ChangeKind.Approvals | ChangeKind.Notifications | ChangeKind.BudgetDefinitions | ChangeKind.ApiKeys;

    /// <summary>Every change, made here or on another node (<see cref="DataChange.Remote"/>).</summary>
    public event Action<DataChange>? Changed;

    /// <summary>Changes of the shared data made in this process, for a relay to other nodes (<see cref="PostgreSqlChangeRelay"/>).</summary>
    public event Action<DataChange>? Outgoing;

    /// <summary>The single point every change of this process passes through.</summary>
    public void Publish(DataChange change)
    {
        Listeners.Notify(Changed, change);
        if (change.Concerns(Shared)) Listeners.Notify(Outgoing, change);
    }

    /// <summary>A change another node made: this node's listeners hear it, and it is not sent on again.</summary>
    public void Receive(DataChange change) => Listeners.Notify(Changed, change with { Remote = true });
}
