using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.People;

/// <summary>
/// Keeps what belongs to a person with the person, not with their login (issue: people are keyed by <c>tid</c> + <c>oid</c>).
/// At each Entra sign-in: a person whose login changed takes their memberships and notifications along to the new login;
/// a person arriving with a login that belonged to someone else inherits nothing of theirs (the earlier holder's rows are
/// filed under their ids until they sign in again). Every move is audited.
/// </summary>
public sealed class PeopleService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time, ILogger<PeopleService> log)
{
    public async Task<Person> SignedInAsync(string tenantId, string objectId, string login, string name, CancellationToken cancellationToken)
    {
        login = login.Trim().ToLowerInvariant();
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = await db.People.SingleOrDefaultAsync(p => p.TenantId == tenantId && p.ObjectId == objectId, cancellationToken);

        // The login was someone else's: their rows step aside before this person's arrive.
        var earlier = await db.People.Where(p => p.Login == login && !(p.TenantId == tenantId && p.ObjectId == objectId)).ToListAsync(cancellationToken);
        foreach (var other in earlier)
        {
            await MoveAsync(db, login, other.FormerKey, cancellationToken);
            db.AuditEvents.Add(AuditEvent.Of(now, "entra", "person.login-reused", nameof(Person), other.Id, Json(login), Json(other.FormerKey)));
            log.LogWarning("The login {Login} now belongs to another person; the earlier holder's memberships are kept apart", login);
            other.Login = other.FormerKey;
        }

        if (person is null)
        {
            person = new Person { TenantId = tenantId, ObjectId = objectId, Login = login, Name = name, FirstSeenUtc = now };
            db.People.Add(person);
        }
        else if (person.Login != login)
        {
            // A new login for the same person (a renamed mailbox), or their first sign-in since their old one went to someone else.
            await MoveAsync(db, person.Login, login, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.AuditEvents.Add(AuditEvent.Of(now, "entra", "person.login-changed", nameof(Person), person.Id, Json(person.Login), Json(login)));
            person.Login = login;
        }
        person.Name = name;
        person.LastSeenUtc = now;
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return person;
    }

    /// <summary>Re-files memberships and notifications from one key to another (a membership the new key already has is kept once).</summary>
    private static async Task MoveAsync(DashboardDbContext db, string from, string to, CancellationToken cancellationToken)
    {
        var held = await db.OrgUnitMembers.Where(m => m.UserEmail == to).Select(m => m.OrgUnitId).ToListAsync(cancellationToken);
        await db.OrgUnitMembers.Where(m => m.UserEmail == from && held.Contains(m.OrgUnitId)).ExecuteDeleteAsync(cancellationToken);
        await db.OrgUnitMembers.Where(m => m.UserEmail == from).ExecuteUpdateAsync(s => s.SetProperty(m => m.UserEmail, to), cancellationToken);
        await db.Notifications.Where(n => n.UserEmail == from).ExecuteUpdateAsync(s => s.SetProperty(n => n.UserEmail, to), cancellationToken);
    }

    private static string Json(string login) => System.Text.Json.JsonSerializer.Serialize(new { login });
}
