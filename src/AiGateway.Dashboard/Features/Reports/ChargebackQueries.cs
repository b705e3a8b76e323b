using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary>The chargeback journal of a month on the booked basis (a closed month as closed), whole organization.</summary>
public sealed class ChargebackQueries(IDbContextFactory<DashboardDbContext> dbFactory, SpendQueries spend, IOptions<BooksOptions> options)
{
    public async Task<ChargebackJournal> JournalAsync(Period month, CancellationToken cancellationToken)
    {
        var books = options.Value;
        var rows = await spend.QueryAsync(new SpendQuery(month.Start, month.End, [SpendDimension.OrgUnit, SpendDimension.Provider]), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        int? unallocatedTo = null;
        if (!string.Equals(books.UnallocatedTo, BooksOptions.Proportional, StringComparison.OrdinalIgnoreCase))
        {
            unallocatedTo = tree.FindByCode(books.UnallocatedTo.Trim().ToLowerInvariant())?.Id
                ?? throw new InvalidOperationException($"Books:UnallocatedTo is '{books.UnallocatedTo}', which is not an org unit code; use a unit's code or 'proportional'.");
        }
        var closed = await db.BookMonths.AsNoTracking().AnyAsync(m => m.Month == month.Start && m.Closed, cancellationToken);
        var lines = Chargeback.Journal(rows.Select(r => new ChargebackSpend(r.Key.OrgUnitId, r.Key.Provider!.Value, r.CostMicros)), tree,
            provider => books.GlAccounts.TryGetValue(provider.ToString(), out var account) ? account : books.GlAccount, unallocatedTo, month);
        return new ChargebackJournal(month, lines, rows.Sum(r => r.CostMicros), closed);
    }
}
