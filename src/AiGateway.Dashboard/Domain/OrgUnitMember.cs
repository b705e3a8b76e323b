namespace AiGateway.Dashboard.Domain;

/// <summary>A person's membership of an org unit; owners are the unit's budget owners (Managers).</summary>
public class OrgUnitMember
{
    public int Id { get; set; }
    public int OrgUnitId { get; set; }
    public string UserEmail { get; set; } = "";
    public bool IsOwner { get; set; }
}
