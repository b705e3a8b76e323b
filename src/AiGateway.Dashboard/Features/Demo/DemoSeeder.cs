using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Providers.Simulated;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Demo;

/// <summary>
/// First run with <c>Demo:Seed</c> on: the demo company's org tree, allocation rules, memberships and budgets,
/// a Simulated connection, and its first sync through the real pipeline. Does nothing once seeded.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<DashboardDbContext> dbFactory,
    SyncService sync,
    Approvals.ApprovalsService approvals,
    Reports.MonthlyReportService reports,
    Books.BooksService books,
    ApiKeys.ApiKeysService apiKeys,
    IOptions<DemoOptions> options,
    IOptions<Configuration.ReportingOptions> reporting,
    TimeProvider time,
    ILogger<DemoSeeder> log)
{
    public const string ConnectionName = "Simulated demo billing";
    public const string OrganizationCode = "contoso";
    /// <summary>Left without an allocation rule on purpose: the demo shows unallocated spend.</summary>
    public const string UnallocatedProject = "proj_image_studio";
    public const int DemoBackfillDays = 90;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        int connectionId;
        Budget supportBudget;
        int ticketsMetricId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Connections.AnyAsync(c => c.Kind == ProviderKind.Simulated, cancellationToken)) return;
            var now = time.GetUtcNow().UtcDateTime;
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);

            var org = await EnsureOrganizationAsync(db, cancellationToken);
            var units = new Dictionary<string, OrgUnit>();
            foreach (var project in SimulatedSpendGenerator.Projects)
            {
                var centre = Unit(db, units, Code(project.CostCentre), project.CostCentre, OrgUnitKind.CostCentre, org.Id, FinanceCodeFor(project.CostCentre));
                await db.SaveChangesAsync(cancellationToken);
                var team = Unit(db, units, Code(project.Team), project.Team, OrgUnitKind.Team, centre.Id, centre.FinanceCode + "-" + Code(project.Team).ToUpperInvariant()[..3]);
                await db.SaveChangesAsync(cancellationToken);
                Unit(db, units, Code(project.Name), project.Name, OrgUnitKind.Project, team.Id, null);
            }
            await db.SaveChangesAsync(cancellationToken);

            var priority = 10;
            foreach (var project in SimulatedSpendGenerator.Projects.Where(p => p.Id != UnallocatedProject))
            {
                db.AllocationRules.Add(new AllocationRule { Priority = priority, ProjectId = project.Id, OrgUnitId = units[Code(project.Name)].Id });
                priority += 10;
            }

            db.OrgUnitMembers.AddRange(
                new OrgUnitMember { OrgUnitId = units["search"].Id, UserEmail = DemoPersonas.Find("viewer")!.Email },
                new OrgUnitMember { OrgUnitId = units["support-automation"].Id, UserEmail = DemoPersonas.Find("teamlead")!.Email, IsOwner = true },
                new OrgUnitMember { OrgUnitId = units["product-engineering"].Id, UserEmail = DemoPersonas.Find("manager")!.Email, IsOwner = true });

            // Budgets sized against this month's simulated spend and forecast, so that the demo shows every state:
            // Search over its hard limit (gateways are denied), Support Automation at risk, the rest on track.
            var settings = new SimulatedSettings(options.Value.SimulationSeed, DateOnly.FromDateTime(now));
            var today = DateOnly.FromDateTime(now);
            var month = Period.Containing(PeriodKind.Monthly, today);
            var projectUnit = SimulatedSpendGenerator.Projects.ToDictionary(p => p.Id, p => (Team: Code(p.Team), Centre: Code(p.CostCentre)));
            var daily = new SimulatedSpendGenerator(settings).Generate(new DateWindow(month.Previous().Start, today), time.GetUtcNow())
                .SelectMany(r => new[] { (Unit: projectUnit[r.ProjectId!].Team, r.UsageDate, r.CostMicros), (Unit: projectUnit[r.ProjectId!].Centre, r.UsageDate, r.CostMicros), (Unit: OrganizationCode, r.UsageDate, r.CostMicros) })
                .GroupBy(x => x.Unit)
                .ToDictionary(g => g.Key, g => g.GroupBy(x => x.UsageDate).ToDictionary(d => d.Key, d => d.Sum(x => x.CostMicros)));
            long Dollars(decimal micros) => Math.Max(1, (long)decimal.Round(micros / Money.MicrosPerUnit)) * Money.MicrosPerUnit;
            Forecast ForecastOf(string unit) => Forecast.For(month, today, daily[unit]);
            long LastMonth(string unit) => daily[unit].Where(d => d.Key < month.Start).Sum(d => d.Value);
            long OnTrack(string unit) => Dollars(1.3m * Math.Max(ForecastOf(unit).ForecastMicros ?? 0, LastMonth(unit)));
            var support = ForecastOf("support-automation");
            var atRisk = support.ForecastMicros is { } f && f - support.ActualMicros > 2 * Money.MicrosPerUnit
                ? Dollars((support.ActualMicros + f) / 2m)
                : OnTrack("support-automation");
            var productEngineering = new Budget { OrgUnitId = units["product-engineering"].Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = OnTrack("product-engineering") };
            db.Budgets.AddRange(
                new Budget { OrgUnitId = org.Id, PeriodKind = PeriodKind.Annual, BaseAmountMicros = Dollars(14m * LastMonth(OrganizationCode)) },
                productEngineering,
                new Budget { OrgUnitId = units["data-analytics"].Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = OnTrack("data-analytics") },
                new Budget { OrgUnitId = units["corporate-it"].Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = OnTrack("corporate-it") },
                new Budget { OrgUnitId = units["search"].Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = Dollars(0.9m * Math.Max(ForecastOf("search").ActualMicros, Money.MicrosPerUnit)), HardLimit = true },
                new Budget { OrgUnitId = units["support-automation"].Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = atRisk },
                new Budget { OrgUnitId = units["developer-productivity"].Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = OnTrack("developer-productivity") });

            // The budgets start when the demo data does, and their amount changed this month: the earlier periods keep
            // the amount they had (about last month's spend), so the history shows a change and honest past periods.
            var dataStart = today.AddDays(-(DemoBackfillDays - 1));
            foreach (var budget in db.Budgets.Local)
            {
                budget.FirstPeriodStart = Period.Containing(budget.PeriodKind, dataStart, reporting.Value.FiscalYearStartMonth).Start;
            }
            await db.SaveChangesAsync(cancellationToken);
            var code = units.Values.Append(org).ToDictionary(u => u.Id, u => u.Code);
            foreach (var budget in db.Budgets.Local)
            {
                var current = Period.Containing(budget.PeriodKind, today, reporting.Value.FiscalYearStartMonth).Start;
                var earlier = budget.PeriodKind == PeriodKind.Monthly && current > budget.FirstPeriodStart
                    ? Dollars(1.1m * Math.Max(LastMonth(code[budget.OrgUnitId]), Money.MicrosPerUnit))
                    : budget.BaseAmountMicros;
                db.BudgetAmountChanges.Add(new BudgetAmountChange { BudgetId = budget.Id, EffectiveFrom = budget.FirstPeriodStart, AmountMicros = earlier, ChangedUtc = now, ChangedBy = "demo-seed" });
                if (earlier != budget.BaseAmountMicros)
                    db.BudgetAmountChanges.Add(new BudgetAmountChange { BudgetId = budget.Id, EffectiveFrom = current, AmountMicros = budget.BaseAmountMicros, ChangedUtc = now, ChangedBy = "demo-seed" });
            }

            // Next month gets a bigger amount of its own (a launch month), so per-period amounts show on the first run.
            db.BudgetOverrides.Add(new BudgetOverride
            {
                BudgetId = productEngineering.Id, PeriodStart = month.Next().Start, AmountMicros = Dollars(1.25m * productEngineering.BaseAmountMicros),
            });

            // What the spend buys: daily outcome counts for two teams, so cost per outcome shows on the first run.
            supportBudget = db.Budgets.Local.Single(b => b.OrgUnitId == units["support-automation"].Id);
            var tickets = new OutcomeMetric { OrgUnitId = units["support-automation"].Id, Name = "Tickets resolved", Unit = "tickets" };
            var reviews = new OutcomeMetric { OrgUnitId = units["developer-productivity"].Id, Name = "Pull requests reviewed", Unit = "pull requests" };
            db.OutcomeMetrics.AddRange(tickets, reviews);
            await db.SaveChangesAsync(cancellationToken);
            for (var day = today.AddDays(-89); day <= today; day = day.AddDays(1))
            {
                var weekend = Forecast.IsWeekend(day);
                var wobble = 1 + 0.08 * Math.Sin(day.DayNumber * 0.7);
                db.OutcomeCounts.Add(new OutcomeCount { MetricId = tickets.Id, Date = day, Count = (long)Math.Round((weekend ? 600 : 2_400) * wobble) });
                db.OutcomeCounts.Add(new OutcomeCount { MetricId = reviews.Id, Date = day, Count = (long)Math.Round((weekend ? 20 : 310) * wobble) });
            }

            var connection = new ProviderConnection
            {
                Kind = ProviderKind.Simulated,
                Name = ConnectionName,
                Settings = new SimulatedSettings(options.Value.SimulationSeed, DateOnly.FromDateTime(now), CompleteDaysOnly: options.Value.Gateway, AzureInEur: true).ToJson(),
                Schedule = ProviderConnection.DefaultSchedule,
                BackfillDays = DemoBackfillDays,
                OverlapDays = 3,
                Enabled = true,
                CreatedUtc = now,
            };
            db.Connections.Add(connection);
            // The simulated Azure rows are billed in EUR: the rates they convert at come first (once only, a re-seed keeps stored rates).
            if (!await db.FxRates.AnyAsync(cancellationToken))
                db.FxRates.AddRange(SimulatedFx.Rates(new DateWindow(dataStart, today), now));
            db.AuditEvents.Add(new AuditEvent
            {
                OccurredUtc = now, Actor = "demo-seed", Action = "demo.seeded", EntityType = "Demo", EntityId = OrganizationCode,
                After = $"{units.Count + 1} org units, {SimulatedSpendGenerator.Projects.Count - 1} allocation rules, 7 budgets, 1 simulated connection",
            });
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            connectionId = connection.Id;
            ticketsMetricId = db.OutcomeMetrics.Local.Single(m => m.Name == "Tickets resolved").Id;
        }

        var run = await sync.RunAsync(connectionId, SyncTrigger.Startup, cancellationToken);
        log.LogInformation("Demo seeded: first sync {Status}, {Rows} rows for {Window} in {Duration} ms",
            run.Status, run.RowsWritten, run.Window, (int)(run.Duration ?? TimeSpan.Zero).TotalMilliseconds);

        // A pending request, so the approvals workflow shows on the first run: Tom asks Mia for more for Support
        // Automation (at risk this month), tied to the tickets it resolves.
        var tom = DemoPersonas.Find("teamlead")!;
        var ask = Math.Max(100m, decimal.Round(supportBudget.BaseAmountMicros / (decimal)Money.MicrosPerUnit * 0.1m / 100m) * 100m);
        await approvals.CreateAsync(DemoPersonas.Principal(tom, "demo-seed"), new Approvals.BudgetRequestInput(
            supportBudget.Id, ask, BudgetRequestCoverage.ThisPeriod, 1,
            "The holiday season doubles support tickets; the bot resolves two thirds of them and the rest go to people at ten times the cost.",
            "+15,000 tickets resolved by the bot this month", ticketsMetricId, 15_000), cancellationToken);

        // An API key Ada made for the BI team, so the API keys page shows one (the key itself is not kept anywhere).
        await apiKeys.CreateAsync(DemoPersonas.Principal(DemoPersonas.Find("admin")!, "demo-seed"), "BI team (Power BI refresh)", [Auth.ApiScopes.SpendRead],
            time.GetUtcNow().UtcDateTime.AddDays(90), cancellationToken);

        // The month before last is closed by Finance; the provider then credits an outage day of it, which a re-sync of
        // that month finds and books today as a prior-period adjustment (the closed month keeps its figures).
        var lastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).Previous();
        var closedMonth = lastMonth.Previous();
        if (run.Status == SyncRunStatus.Succeeded && run.WindowFrom <= closedMonth.End)
        {
            var fay = DemoPersonas.Principal(DemoPersonas.Find("finance")!, "demo-seed");
            await books.CloseAsync(fay, closedMonth, confirmEarly: true, cancellationToken, sendEmail: false);
            var creditDay = closedMonth.End.AddDays(-10) < run.WindowFrom ? run.WindowFrom : closedMonth.End.AddDays(-10);
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var connection = await db.Connections.SingleAsync(c => c.Id == connectionId, cancellationToken);
                connection.Settings = (SimulatedSettings.FromJson(connection.Settings) with
                {
                    Credits = [new SimulatedCredit(creditDay, SimulatedSpendGenerator.SpikeProject, SimulatedSpendGenerator.SpikeModel, 125_000_000, "support bot outage refund")],
                }).ToJson();
                await db.SaveChangesAsync(cancellationToken);
            }
            var window = new DateWindow(closedMonth.Start < run.WindowFrom ? run.WindowFrom : closedMonth.Start, closedMonth.End);
            var resync = await sync.RunQueuedAsync(await sync.QueueAsync(connectionId, SyncTrigger.Startup, cancellationToken, window), cancellationToken);
            log.LogInformation("Demo: {Month} closed; the re-sync of {Window} booked {Adjustments} prior-period adjustments", closedMonth.Label, window, resync.AdjustmentsBooked);
        }

        // Last month's workbook, archived as the scheduled job would have on the 2nd (Preliminary: the month is open).
        await reports.GenerateAsync(lastMonth, "demo-seed", sendEmail: false, cancellationToken);
    }

    private static async Task<OrgUnit> EnsureOrganizationAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        var org = await db.OrgUnits.SingleOrDefaultAsync(u => u.Code == OrganizationCode, cancellationToken);
        if (org is not null) return org;
        org = new OrgUnit { Code = OrganizationCode, Name = "Contoso", Kind = OrgUnitKind.Organization, FinanceCode = "ORG" };
        db.OrgUnits.Add(org);
        await db.SaveChangesAsync(cancellationToken);
        return org;
    }

    private static OrgUnit Unit(DashboardDbContext db, Dictionary<string, OrgUnit> units, string code, string name, OrgUnitKind kind, int parentId, string? financeCode)
    {
        if (units.TryGetValue(code, out var existing)) return existing;
        var unit = new OrgUnit { Code = code, Name = name, Kind = kind, ParentId = parentId, FinanceCode = financeCode };
        db.OrgUnits.Add(unit);
        units[code] = unit;
        return unit;
    }

    private static string FinanceCodeFor(string costCentre) => costCentre switch
    {
        "Product Engineering" => "CC-100",
        "Data & Analytics" => "CC-200",
        _ => "CC-300",
    };

    internal static string Code(string name) =>
        string.Join('-', name.ToLowerInvariant().Replace("&", " ").Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));
}
