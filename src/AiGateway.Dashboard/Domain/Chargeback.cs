namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The chargeback journal of a month: one line per finance code (inherited down the tree) and GL account, plus the
/// unallocated spend — charged to one unit, or spread over the cost centres in proportion to their allocated spend on
/// the same account — on lines of its own. Lines are rounded to cents by largest remainder, so that they sum exactly
/// to the month's total in cents.
/// </summary>
public static class Chargeback
{
    public const long MicrosPerCent = 10_000;
    public const string NoFinanceCode = "(no finance code)";

    /// <param name="unallocatedTo">The unit unallocated spend is charged to; null spreads it proportionally.</param>
    public static IReadOnlyList<ChargebackLine> Journal(IEnumerable<ChargebackSpend> spend, OrgTree tree, Func<ProviderKind, string> glAccount,
        int? unallocatedTo, Period month)
    {
        var rows = spend.ToList();
        (string Code, string Centre) CentreOf(int unitId) => tree.CostCentreOf(unitId) is { } centre
            ? (centre.FinanceCode!, centre.Name)
            : ("", NoFinanceCode);
        var allocated = rows.Where(r => r.OrgUnitId is not null)
            .GroupBy(r => (Centre: CentreOf(r.OrgUnitId!.Value), Gl: glAccount(r.Provider)))
            .Select(g => (g.Key.Centre.Code, g.Key.Centre.Centre, g.Key.Gl, Micros: g.Sum(r => r.CostMicros)))
            .Where(l => l.Micros != 0)
            .OrderBy(l => l.Code, StringComparer.Ordinal).ThenBy(l => l.Centre, StringComparer.Ordinal).ThenBy(l => l.Gl, StringComparer.Ordinal)
            .ToList();
        var lines = allocated.Select(l => (l.Code, l.Centre, l.Gl, Description: $"AI spend {month.Label}", l.Micros, Unallocated: false)).ToList();

        foreach (var account in rows.Where(r => r.OrgUnitId is null).GroupBy(r => glAccount(r.Provider)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var micros = account.Sum(r => r.CostMicros);
            if (micros == 0) continue;
            if (unallocatedTo is { } unit)
            {
                var (code, centre) = CentreOf(unit);
                lines.Add((code, centre, account.Key, $"AI spend {month.Label}: unallocated spend charged to {tree.Find(unit)?.Name}", micros, true));
                continue;
            }
            // Spread over the cost centres on this account; when none has spend on it, over every cost centre's spend.
            var over = allocated.Where(l => l.Gl == account.Key).Select(l => (l.Code, l.Centre, l.Micros)).ToList();
            if (over.Count == 0) over = allocated.GroupBy(l => (l.Code, l.Centre)).Select(g => (g.Key.Code, g.Key.Centre, g.Sum(l => l.Micros))).ToList();
            if (over.Count == 0)
            {
                lines.Add(("", NoFinanceCode, account.Key, $"AI spend {month.Label}: unallocated spend (no cost centre to spread it over)", micros, true));
                continue;
            }
            var shares = LargestRemainder.Apportion(micros, over.Select(o => o.Micros).ToList());
            var weight = over.Sum(o => Math.Max(0, o.Micros));
            for (var i = 0; i < over.Count; i++)
            {
                if (shares[i] == 0) continue;
                var percent = weight == 0 ? 100m / over.Count : 100m * Math.Max(0, over[i].Micros) / weight;
                lines.Add((over[i].Code, over[i].Centre, account.Key,
                    $"AI spend {month.Label}: share of unallocated spend ({percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} %)", shares[i], true));
            }
        }

        var cents = LargestRemainder.RoundTo(lines.Select(l => l.Micros).ToList(), MicrosPerCent);
        return lines.Select((l, i) => new ChargebackLine(l.Code, l.Centre, l.Gl, l.Description, cents[i], l.Micros, l.Unallocated)).ToList();
    }
}
