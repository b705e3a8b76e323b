using System.Globalization;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Reports;

/// <summary>A month-end archive missed while the app was down is made at the next start, once.</summary>
public class ArchiveCatchUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Months_whose_scheduled_archive_passed_while_the_app_was_down_are_archived_once()
    {
        // 1 December: the demo's spend starts on 3 September; September's archive was due on 2 October and October's
        // on 2 November (06:00 UTC); November's is not due before 2 December, though the demo archived it at start,
        // and October's Final version was archived when the demo closed it.
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        await using var factory = new DashboardFactory { Clock = clock };
        _ = factory.BaseAddress;
        var reports = factory.Services.GetRequiredService<MonthlyReportService>();

        var archived = await reports.CatchUpAsync(Ct);

        archived.Select(m => m.Label).ShouldBe(["2026-09"]);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var rows = await db.ReportArchives.OrderBy(a => a.Month).Select(a => new { a.Month, a.CreatedBy }).ToListAsync(Ct);
            rows.Select(r => r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ShouldBe(["2026-09", "2026-10", "2026-11"]);
            rows.Single(r => r.Month.Month == 9).CreatedBy.ShouldBe("schedule (catch-up)");
            rows.Single(r => r.Month.Month == 10).CreatedBy.ShouldBe("fay.finance@demo.local");
        }
        (await reports.CatchUpAsync(Ct)).ShouldBeEmpty("nothing is archived twice");
    }
}
