using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Jobs;
using AiGateway.Dashboard.Providers;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Connections;

/// <summary>
/// Changes to connections (Admin only; the pages and endpoints check the policy, this service refuses
/// connections managed by configuration). Secrets are encrypted before they reach the database and only
/// their last four characters are ever shown; every change is audited without the secret.
/// </summary>
public sealed class ConnectionsService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    SecretProtector secrets,
    BillingClientRegistry clients,
    Providers.Focus.FocusFileClient focus,
    Microsoft.Extensions.Options.IOptions<FocusOptions> focusOptions,
    SyncSchedule schedule,
    TimeProvider time,
    ILogger<ConnectionsService> log)
{
    public static readonly ProviderKind[] CreatableKinds = [ProviderKind.OpenAI, ProviderKind.Anthropic, ProviderKind.AzureOpenAI, ProviderKind.AwsBedrock, ProviderKind.GoogleVertex, ProviderKind.Focus, ProviderKind.Mistral, ProviderKind.OpenRouter];

    public async Task<int> CreateAsync(ConnectionInput input, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Validate(input, isNew: true, await db.Connections.AnyAsync(c => c.Name == input.Name.Trim(), cancellationToken));
        var connection = new ProviderConnection { CreatedUtc = time.GetUtcNow().UtcDateTime };
        Apply(connection, input);
        db.Connections.Add(connection);
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEvents.Add(Audit(actor, "connection.created", connection.Id, null, connection.AuditText()));
        await db.SaveChangesAsync(cancellationToken);
        schedule.Register(connection);
        log.LogInformation("Connection {ConnectionId} ({Kind}) created by {Actor}", connection.Id, connection.Kind, actor);
        return connection.Id;
    }

    public async Task UpdateAsync(int id, ConnectionInput input, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await EditableAsync(db, id, cancellationToken);
        Validate(input, isNew: false, await db.Connections.AnyAsync(c => c.Id != id && c.Name == input.Name.Trim(), cancellationToken), connection.Kind);
        var before = connection.AuditText();
        Apply(connection, input);
        connection.Version = Guid.NewGuid();
        db.AuditEvents.Add(Audit(actor, "connection.updated", id, before, connection.AuditText()));
        await db.SaveChangesAsync(cancellationToken);
        schedule.Register(connection);
    }

    public async Task SetEnabledAsync(int id, bool enabled, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await EditableAsync(db, id, cancellationToken);
        var before = connection.AuditText();
        connection.Enabled = enabled;
        connection.Version = Guid.NewGuid();
        db.AuditEvents.Add(Audit(actor, enabled ? "connection.enabled" : "connection.disabled", id, before, connection.AuditText()));
        await db.SaveChangesAsync(cancellationToken);
        schedule.Register(connection);
    }

    /// <summary>Deletes the connection with its sync history and the spend it brought in.</summary>
    public async Task DeleteAsync(int id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await EditableAsync(db, id, cancellationToken);
        var rows = await db.CostRecords.CountAsync(r => r.ConnectionId == id, cancellationToken);
        // Deleting would take its spend out of closed months: the past never moves silently.
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var inClosed = (await db.CostRecords.Where(r => r.ConnectionId == id).Select(r => new { r.UsageDate.Year, r.UsageDate.Month }).Distinct().ToListAsync(cancellationToken))
            .Select(m => new DateOnly(m.Year, m.Month, 1)).Where(closed.IsClosed).Order().ToList();
        if (inClosed.Count > 0)
        {
            throw new ConnectionValidationException(new Dictionary<string, string>
            {
                ["Connection"] = $"'{connection.Name}' has spend in closed months ({string.Join(", ", inClosed.Select(m => m.ToString("yyyy-MM")))}); deleting it would change them. Disable it instead.",
            });
        }
        db.AuditEvents.Add(Audit(actor, "connection.deleted", id, connection.AuditText(), $"{{\"costRowsRemoved\":{rows}}}"));
        db.Connections.Remove(connection);
        await db.SaveChangesAsync(cancellationToken);
        schedule.Remove(id);
    }

    /// <summary>One cheap call to the provider; the provider's own error in plain words when it fails.</summary>
    public async Task<ConnectionTestResult> TestAsync(int id, CancellationToken cancellationToken)
    {
        ProviderConnection connection;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException($"Connection {id} does not exist.");
        }
        try
        {
            var secret = connection.EncryptedSecret is null ? null : secrets.Unprotect(connection.EncryptedSecret);
            return new ConnectionTestResult(true, await clients.For(connection.Kind).TestAsync(connection, secret, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.LogInformation("Test of connection {ConnectionId} failed: {Reason}", id, ex.Message);
            return new ConnectionTestResult(false, ex.Message);
        }
    }

    private static async Task<ProviderConnection> EditableAsync(DashboardDbContext db, int id, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"Connection {id} does not exist.");
        if (connection.ManagedByConfiguration)
        {
            throw new InvalidOperationException($"'{connection.Name}' is declared in configuration (Providers:Connections); change it there.");
        }
        return connection;
    }

    private void Apply(ProviderConnection connection, ConnectionInput input)
    {
        connection.Name = input.Name.Trim();
        connection.Kind = input.Kind;
        connection.BaseUrl = string.IsNullOrWhiteSpace(input.BaseUrl) ? null : input.BaseUrl.Trim().TrimEnd('/');
        connection.OrganizationId = string.IsNullOrWhiteSpace(input.OrganizationId) ? null : input.OrganizationId.Trim();
        connection.Schedule = input.Schedule.Trim();
        connection.BackfillDays = input.BackfillDays;
        connection.OverlapDays = input.OverlapDays;
        connection.Enabled = input.Enabled;
        if (input.KindSettings().Json is { } settings) connection.Settings = settings;
        if (input.Kind == ProviderKind.AwsBedrock && !string.IsNullOrWhiteSpace(input.SessionToken))
        {
            // A new session token keeps the stored secret access key unless a new one is given.
            var key = !string.IsNullOrWhiteSpace(input.Secret) ? input.Secret.Trim()
                : Providers.Aws.AwsCredentials.FromSecret("", secrets.Unprotect(connection.EncryptedSecret!)).SecretAccessKey;
            connection.EncryptedSecret = secrets.Protect(Providers.Aws.AwsCredentials.Secret(key, input.SessionToken));
            connection.SecretHint = SecretProtector.Hint(key);
        }
        else if (!string.IsNullOrWhiteSpace(input.Secret))
        {
            var secret = input.Secret.Trim();
            connection.EncryptedSecret = secrets.Protect(secret);
            connection.SecretHint = SecretProtector.Hint(secret);
        }
    }

    /// <summary>
    /// Keeps an uploaded FOCUS file for a FOCUS connection (written whole, then moved into place, so a sync never reads half a file)
    /// and audits it; the caller starts the sync that imports it. A file of the same name replaces the earlier one.
    /// </summary>
    public async Task<string> UploadFocusAsync(int id, string fileName, Stream content, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"Connection {id} does not exist.");
        if (connection.Kind != ProviderKind.Focus) throw new ConnectionValidationException(new Dictionary<string, string> { ["File"] = $"'{connection.Name}' is not a FOCUS connection." });
        var name = Path.GetFileName(fileName);
        if (!Providers.Focus.FocusReader.IsFocusFile(name) || name.Length > 200 || name.Any(c => Path.GetInvalidFileNameChars().Contains(c)))
            throw new ConnectionValidationException(new Dictionary<string, string> { ["File"] = $"'{fileName}' is not a FOCUS file name: use .csv, .csv.gz or .parquet." });
        var folder = focus.UploadFolder(id);
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".part");
        long size;
        try
        {
            await using (var file = File.Create(partial))
            {
                var buffer = new byte[81920];
                size = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > focusOptions.Value.MaxFileBytes)
                        throw new ConnectionValidationException(new Dictionary<string, string> { ["File"] = $"{name} is larger than {focusOptions.Value.MaxFileBytes:N0} bytes (Focus:MaxFileBytes)." });
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            File.Move(partial, Path.Combine(folder, name), overwrite: true);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
        db.AuditEvents.Add(Audit(actor, "connection.focus-file-uploaded", id, null, System.Text.Json.JsonSerializer.Serialize(new { File = name, Bytes = size })));
        await db.SaveChangesAsync(cancellationToken);
        log.LogInformation("FOCUS file {File} ({Bytes} bytes) uploaded to connection {ConnectionId} by {Actor}", name, size, id, actor);
        return name;
    }

    private void Validate(ConnectionInput input, bool isNew, bool nameTaken, ProviderKind? existingKind = null)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors[nameof(input.Name)] = "Give the connection a name.";
        else if (TextInput.Problem(input.Name, "The name", 200) is { } nameProblem) errors[nameof(input.Name)] = nameProblem;
        else if (nameTaken) errors[nameof(input.Name)] = $"A connection named '{input.Name.Trim()}' already exists.";
        if (!(existingKind == input.Kind || CreatableKinds.Contains(input.Kind)) || !clients.Supports(input.Kind))
            errors[nameof(input.Kind)] = $"{input.Kind} connections are not supported yet; choose {string.Join(" or ", CreatableKinds)}.";
        if (!string.IsNullOrWhiteSpace(input.BaseUrl)
            && (!Uri.TryCreate(input.BaseUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            errors[nameof(input.BaseUrl)] = "Enter an absolute http(s) URL, or leave it blank for the provider's public API.";
        if (TextInput.Problem(input.OrganizationId, "The organization id", 200, required: false) is { } orgProblem) errors[nameof(input.OrganizationId)] = orgProblem;
        if (isNew && string.IsNullOrWhiteSpace(input.Secret) && input.Kind is not (ProviderKind.Simulated or ProviderKind.Focus) && !(input.Kind == ProviderKind.AzureOpenAI && input.ManagedIdentity))
            errors[nameof(input.Secret)] = input.Kind switch
            {
                ProviderKind.AzureOpenAI => "Enter the app registration's client secret.",
                ProviderKind.AwsBedrock => "Enter the secret access key.",
                ProviderKind.GoogleVertex => "Paste the service-account key JSON.",
                _ => "Enter the organization's admin key.",
            };
        if (input.KindSettings() is { Field: { } field, Problem: { } problem }) errors[field] = problem;
        if (input.Kind == ProviderKind.AwsBedrock && input.SessionToken is { Length: > 0 } token && (token.Trim().Length is < 100 or > 4096 || token.Trim().Any(char.IsWhiteSpace)))
            errors[nameof(input.SessionToken)] = "A session token is one line of a few hundred characters, as AWS gives it (AWS_SESSION_TOKEN); leave it blank for a long-term key.";
        if (!ConfigurationValidator.IsValidCron(input.Schedule ?? ""))
            errors[nameof(input.Schedule)] = $"'{input.Schedule}' is not a valid cron expression (for example 0 * * * * for hourly).";
        if (input.BackfillDays is < 1 or > 730) errors[nameof(input.BackfillDays)] = "Backfill between 1 and 730 days.";
        if (input.OverlapDays is < 0 or > 31) errors[nameof(input.OverlapDays)] = "Overlap between 0 and 31 days.";
        if (errors.Count > 0) throw new ConnectionValidationException(errors);
    }

    private AuditEvent Audit(string actor, string action, int id, string? before, string? after) =>
        AuditEvent.Of(time.GetUtcNow().UtcDateTime, actor, action, nameof(ProviderConnection), id, before, after);
}
