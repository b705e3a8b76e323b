using System.Security.Claims;
using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Features.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Books;

/// <summary>
/// Closes and reopens months (decision 011). Closing records the month's booked total and archives the Final
/// workbook; from then on the sync books every change to the month as a prior-period adjustment. Reopening (with a
/// reason) folds the adjustments booked in open months back into the month's facts, so a re-close starts from one truth.
/// </summary>
public sealed class BooksService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    BooksQueries queries,
    SpendQueries spend,
    MonthlyReportService reports,
    DatabaseWriteGate writeGate,
    Changes.ChangeSignal changes,
    IOptionsMonitor<BooksOptions> options,
    TimeProvider time,
    ILogger<BooksService> log)
{
    public static bool CanClose(ClaimsPrincipal user) => user.IsInRole(Roles.Finance) || user.HasClaim(ApiScopes.ClaimType, ApiScopes.BooksClose);

    public static bool CanReopen(ClaimsPrincipal user) => user.IsInRole(Roles.Finance);

    /// <summary>What closing <paramref name="month"/> now would need confirmed; throws when it cannot be closed at all.</summary>
    public async Task<IReadOnlyList<string>> CautionsAsync(Period month, CancellationToken cancellationToken)
    {
        var today = Today();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var books = await db.BookMonths.AsNoTracking().SingleOrDefaultAsync(m => m.Month == month.Start, cancellationToken);
        if (MonthClose.Refusal(month, today, books) is { } refusal) throw new BooksException(409, "Cannot close", refusal);
        return MonthClose.Cautions(month, today, options.CurrentValue.CloseFromDay, await queries.SyncedThroughAsync(cancellationToken),
            await Fx.FxService.GapsAsync(db, month.Start, month.End, cancellationToken));
    }

    /// <param name="sendEmail">E-mail the Final workbook to the finance list (when configured); the demo seed does not.</param>
    public async Task<BookMonth> CloseAsync(ClaimsPrincipal user, Period month, bool confirmEarly, CancellationToken cancellationToken, bool sendEmail = true)
    {
        if (!CanClose(user)) throw new BooksException(403, "Not allowed", "Only Finance (or an API key with books:close) may close a month.");
        var actor = Actor(user);
        var cautions = await CautionsAsync(month, cancellationToken);
        if (cautions.Count > 0 && !confirmEarly)
        {
            throw new BooksException(409, "Confirmation needed",
                $"Closing {month.Label} now needs a confirmation: {string.Join(" ", cautions)} Send confirmEarly: true to close anyway.", cautions);
        }
        BookMonth closed;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var total = await spend.TotalAsync(new SpendQuery(month.Start, month.End, []), cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            closed = await db.BookMonths.SingleOrDefaultAsync(m => m.Month == month.Start, cancellationToken) ?? new BookMonth { Month = month.Start };
            if (closed.Closed) throw new BooksException(409, "Cannot close", $"{month.Label} is already closed.");
            if (closed.Id == 0) db.BookMonths.Add(closed);
            closed.Closed = true;
            closed.ClosedUtc = time.GetUtcNow().UtcDateTime;
            closed.ClosedBy = actor;
            closed.ClosedTotalMicros = total;
            closed.CloseConfirmation = cautions.Count > 0 ? string.Join(" ", cautions) : null;
            closed.Version = Guid.NewGuid();
            db.AuditEvents.Add(AuditEvent.Of(closed.ClosedUtc.Value, actor, "books.closed", nameof(BookMonth), 0, null, JsonSerializer.Serialize(new
            {
                month = month.Label, total = Money.Reporting(total).ToMajor(), confirmed = closed.CloseConfirmation,
            })));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another close of the same month won the race (unique month, or the version moved on).
                throw new BooksException(409, "Cannot close", $"{month.Label} was closed or reopened by someone else at the same time; reload.");
            }
        }
        log.LogInformation("{Actor} closed {Month} at {Total}", actor, month.Label, Money.Reporting(closed.ClosedTotalMicros).Format());
        changes.Publish(new DataChange(ChangeKind.Books));
        await reports.GenerateAsync(month, actor, sendEmail, cancellationToken);
        return closed;
    }

    public async Task<BookMonth> ReopenAsync(ClaimsPrincipal user, Period month, string? reason, CancellationToken cancellationToken)
    {
        if (!CanReopen(user)) throw new BooksException(403, "Not allowed", "Only Finance may reopen a month.");
        if (TextInput.Problem(reason, "The reason", 1000, required: true) is { } problem) throw new BooksException(400, "Invalid reason", problem);
        var actor = Actor(user);
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var books = await db.BookMonths.SingleOrDefaultAsync(m => m.Month == month.Start, cancellationToken);
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var adjustments = await db.CostRecords.Where(r => r.RestatedDate >= month.Start && r.RestatedDate <= month.End).ToListAsync(cancellationToken);
        var bookedInClosed = adjustments.Where(a => closed.IsClosed(a.UsageDate)).Select(a => new DateOnly(a.UsageDate.Year, a.UsageDate.Month, 1)).Distinct().ToList();
        if (MonthClose.ReopenRefusal(month, books, bookedInClosed) is { } refusal) throw new BooksException(409, "Cannot reopen", refusal);

        // Fold each adjustment back into the fact it corrects (or a new fact when the provider added a row).
        var connections = adjustments.Select(a => a.ConnectionId).Distinct().ToList();
        var facts = (await db.CostRecords
                .Where(r => r.RestatedDate == null && r.UsageDate >= month.Start && r.UsageDate <= month.End && connections.Contains(r.ConnectionId))
                .ToListAsync(cancellationToken))
            .ToDictionary(r => (r.ConnectionId, r.UsageDate, r.NaturalKey));
        foreach (var a in adjustments)
        {
            var key = (a.ConnectionId, a.RestatedDate!.Value, a.FactKey);
            if (!facts.TryGetValue(key, out var fact))
            {
                fact = a.AdjustmentOf(a.RestatedDate.Value, a.RestatedDate.Value);
                fact.RestatedDate = null;
                fact.NaturalKey = a.FactKey;
                db.CostRecords.Add(fact);
                facts[key] = fact;
            }
            fact.Add(a);
            db.CostRecords.Remove(a);
        }
        foreach (var empty in facts.Values.Where(f => !f.HasAmounts)) db.CostRecords.Remove(empty);
        books!.Closed = false;
        books.ReopenedUtc = time.GetUtcNow().UtcDateTime;
        books.ReopenedBy = actor;
        books.ReopenReason = reason!.Trim();
        books.Version = Guid.NewGuid();
        db.AuditEvents.Add(AuditEvent.Of(books.ReopenedUtc.Value, actor, "books.reopened", nameof(BookMonth), books.Id, null, JsonSerializer.Serialize(new
        {
            month = month.Label, reason = books.ReopenReason, adjustmentsFolded = adjustments.Count,
            folded = Money.Reporting(adjustments.Sum(a => a.CostMicros)).ToMajor(),
        })));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var connection in connections)
        {
            var windows = adjustments.Where(a => a.ConnectionId == connection).Select(a => new DateWindow(a.UsageDate, a.UsageDate))
                .Append(new DateWindow(month.Start, month.End));
            await RollupBuilder.RebuildAsync(db, connection, windows, cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        log.LogInformation("{Actor} reopened {Month}: {Count} adjustments folded back", actor, month.Label, adjustments.Count);
        changes.Publish(new DataChange(ChangeKind.Books));
        return books;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static string Actor(ClaimsPrincipal user) => ScopeResolver.EmailOf(user) ?? user.Identity?.Name ?? "unknown";
}
