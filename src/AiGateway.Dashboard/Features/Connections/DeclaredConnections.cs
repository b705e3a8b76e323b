using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Connections;

/// <summary>Upserts the connections declared in <c>Providers:Connections</c> at start; they are read-only in the UI.</summary>
public sealed class DeclaredConnections(
    IDbContextFactory<DashboardDbContext> dbFactory,
    IOptions<ProvidersOptions> options,
    SecretProtector secrets,
    TimeProvider time)
{
    public async Task UpsertAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Connections.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var declared in options.Value.Connections)
        {
            var existing = await db.Connections.SingleOrDefaultAsync(c => c.Name == declared.Name, cancellationToken);
            var before = existing is null ? null : existing.AuditText();
            var connection = existing ?? new ProviderConnection { Name = declared.Name, CreatedUtc = time.GetUtcNow().UtcDateTime };
            connection.Kind = declared.ProviderKind;
            if (declared.Settings.Count > 0)
            {
                // camelCase keys, as the kinds' settings records read them.
                connection.Settings = System.Text.Json.JsonSerializer.Serialize(declared.Settings.ToDictionary(s => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.Key), s => s.Value));
            }
            connection.BaseUrl = string.IsNullOrWhiteSpace(declared.BaseUrl) ? null : declared.BaseUrl;
            connection.Schedule = declared.Schedule;
            connection.BackfillDays = declared.BackfillDays;
            connection.OrganizationId = string.IsNullOrWhiteSpace(declared.OrganizationId) ? null : declared.OrganizationId.Trim();
            connection.Enabled = declared.Enabled;
            connection.ManagedByConfiguration = true;
            if (!string.IsNullOrEmpty(declared.Secret))
            {
                var secret = string.IsNullOrWhiteSpace(declared.SessionToken) ? declared.Secret : Providers.Aws.AwsCredentials.Secret(declared.Secret, declared.SessionToken);
                var unchanged = connection.EncryptedSecret is not null && secrets.Unprotect(connection.EncryptedSecret) == secret;
                if (!unchanged)
                {
                    connection.EncryptedSecret = secrets.Protect(secret);
                    connection.SecretHint = SecretProtector.Hint(declared.Secret);
                }
            }
            if (existing is null) db.Connections.Add(connection);
            var after = connection.AuditText();
            if (before != after)
            {
                connection.Version = Guid.NewGuid();
                db.AuditEvents.Add(new AuditEvent
                {
                    OccurredUtc = time.GetUtcNow().UtcDateTime,
                    Actor = "configuration",
                    Action = existing is null ? "connection.created" : "connection.updated",
                    EntityType = nameof(ProviderConnection),
                    EntityId = declared.Name,
                    Before = before,
                    After = after,
                });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
