namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Someone who signed in with Microsoft Entra ID, known by what never changes: the tenant and the object id (<c>tid</c>,
/// <c>oid</c>). Their login (the e-mail memberships and notifications are filed under) is what it was at their last
/// sign-in: when it changes, what was theirs follows; when another person arrives with a login that was someone
/// else's, nothing of the earlier person's passes to them.
/// </summary>
public class Person
{
    /// <summary>What an earlier holder's rows are filed under once their login is someone else's, until they sign in again.</summary>
    public const string FormerPrefix = "former:";

    public int Id { get; set; }
    public string TenantId { get; set; } = "";
    public string ObjectId { get; set; } = "";
    /// <summary>Their login at the last sign-in, lower case; <see cref="FormerPrefix"/> and their ids once another person has it.</summary>
    public string Login { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime FirstSeenUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    public string FormerKey => $"{FormerPrefix}{TenantId}/{ObjectId}";
}
