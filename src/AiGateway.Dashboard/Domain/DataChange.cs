namespace AiGateway.Dashboard.Domain;

/// <summary>One change: its kind, the connection whose spend changed (for <see cref="ChangeKind.Spend"/>), and how many rows it wrote or moved.</summary>
public sealed record DataChange(ChangeKind Kind, int? ConnectionId = null, long Rows = 0, bool Remote = false)
{
    public bool Concerns(ChangeKind kinds) => (Kind & kinds) != 0;
}
