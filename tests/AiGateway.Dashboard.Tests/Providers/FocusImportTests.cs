using System.IO.Compression;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Focus;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Parquet.Schema;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>FOCUS files imported by a sync on a real SQLite file: CSV, gzip CSV and Parquet, from a folder; a period imported again replaces itself.</summary>
public class FocusImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("focus-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Focus", name);

    private async Task<(SyncHarness Harness, ProviderConnection Connection)> ArrangeAsync()
    {
        var harness = await SyncHarness.CreateAsync();
        var connection = await harness.AddConnectionAsync(ProviderKind.Focus, backfillDays: 3);
        await using var db = harness.Db.CreateDbContext();
        var settings = new FocusSettings(_folder).ToJson();
        await db.Connections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Settings, settings), TestContext.Current.CancellationToken);
        return (harness, connection);
    }

    private static async Task<List<CostRecord>> RowsAsync(SyncHarness h) =>
        await h.Db.CreateDbContext().CostRecords.AsNoTracking().OrderBy(r => r.UsageDate).ThenBy(r => r.LineItem).ToListAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_csv_of_quoted_values_lands_its_ai_rows_for_its_billing_period_and_leaves_the_rest_out()
    {
        File.Copy(Fixture("aws-focus-2026-10.csv"), Path.Combine(_folder, "aws-focus-2026-10.csv"));
        var (h, connection) = await ArrangeAsync();
        await using var _ = h;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Window.ShouldBe(new DateWindow(new(2026, 10, 1), new(2026, 10, 31))); // the file's billing period, not the backfill
        run.Notes.ShouldNotBeNull().ShouldContain("1 file(s), 4 row(s) read, 3 of AI and Machine Learning, 1 of other service categories left out");
        var rows = await RowsAsync(h);
        rows.Count.ShouldBe(3);
        // 12.5000001 + 3.25 on the 15th (rounded once), the credit on the 20th.
        rows.Where(r => r.UsageDate == new DateOnly(2026, 10, 15)).Sum(r => r.CostMicros).ShouldBe(15_750_000);
        rows.Single(r => r.UsageDate == new DateOnly(2026, 10, 20)).CostMicros.ShouldBe(-1_750_000);
        var input = rows.Single(r => r.LineItem == "Claude Sonnet 4.5, input tokens");
        (input.Provider, input.Model, input.AccountId, input.ProjectId, input.Tags).ShouldBe((ProviderKind.AwsBedrock, "claude-sonnet-4-5", "123456789012", "210987654321", "team=search"));
        rows.Single(r => r.LineItem!.StartsWith("Claude Sonnet 4.5 output", StringComparison.Ordinal)).LineItem.ShouldBe("Claude Sonnet 4.5 output tokens \"global\"");
        rows.Single(r => r.CostMicros < 0).LineItem.ShouldBe("Promotional credit,\nOctober");
    }

    [Fact]
    public async Task Importing_the_same_period_again_replaces_it_and_another_periods_rows_stay()
    {
        File.Copy(Fixture("aws-focus-2026-10.csv"), Path.Combine(_folder, "aws-focus-2026-10.csv"));
        var (h, connection) = await ArrangeAsync();
        await using var _ = h;
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        var once = (await RowsAsync(h)).Sum(r => r.CostMicros);

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        (await RowsAsync(h)).Sum(r => r.CostMicros).ShouldBe(once);

        // November's file arrives, gzip-compressed, in EUR; October stays as imported.
        await using (var gz = new GZipStream(File.Create(Path.Combine(_folder, "azure-focus-2026-11.csv.gz")), CompressionLevel.Optimal))
        await using (var source = File.OpenRead(Fixture("azure-focus-2026-11.csv"))) await source.CopyToAsync(gz, TestContext.Current.CancellationToken);
        File.Delete(Path.Combine(_folder, "aws-focus-2026-10.csv"));
        await h.Fx.ImportCsvAsync("2026-11-18,EUR,USD,1.0498", "fay@example.com", TestContext.Current.CancellationToken);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Window.ShouldBe(new DateWindow(new(2026, 11, 1), new(2026, 11, 30)));
        var rows = await RowsAsync(h);
        rows.Where(r => r.UsageDate.Month == 10).Sum(r => r.CostMicros).ShouldBe(once);
        var november = rows.Where(r => r.UsageDate.Month == 11).ToList();
        november.Sum(r => r.OriginalMicros).ShouldBe(5_000_000);
        november.Sum(r => r.CostMicros).ShouldBe(5_249_000); // 5.00 EUR × 1.0498
        november.ShouldAllBe(r => r.Provider == ProviderKind.AzureOpenAI && r.OriginalCurrency == "EUR" && r.AccountId == "contoso-ea");
    }

    [Fact]
    public async Task A_parquet_file_reads_as_its_csv_does()
    {
        var schema = new ParquetSchema(
            new DataField<string>("BilledCost"), new DataField<string>("BillingCurrency"), new DataField<DateTime>("ChargePeriodStart"),
            new DataField<string>("ServiceCategory"), new DataField<string>("ProviderName"), new DataField<string>("SkuId"), new DataField<string>("ChargeDescription"));
        var data = new List<IDictionary<string, object?>>
        {
            new Dictionary<string, object?> { ["BilledCost"] = "0.125", ["BillingCurrency"] = "USD", ["ChargePeriodStart"] = new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc), ["ServiceCategory"] = "AI and Machine Learning", ["ProviderName"] = "Google Cloud", ["SkuId"] = "gemini-2.5-pro:input", ["ChargeDescription"] = "Gemini 2.5 Pro input tokens" },
            new Dictionary<string, object?> { ["BilledCost"] = "0.875", ["BillingCurrency"] = "USD", ["ChargePeriodStart"] = new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc), ["ServiceCategory"] = "AI and Machine Learning", ["ProviderName"] = "Google Cloud", ["SkuId"] = "gemini-2.5-pro:output", ["ChargeDescription"] = "Gemini 2.5 Pro output tokens" },
        };
        await using (var file = File.Create(Path.Combine(_folder, "google-focus.parquet")))
        {
            await Parquet.Serialization.ParquetSerializer.SerializeUntypedAsync(data, schema, file, cancellationToken: TestContext.Current.CancellationToken);
        }
        var (h, connection) = await ArrangeAsync();
        await using var _ = h;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        var rows = await RowsAsync(h);
        rows.Sum(r => r.CostMicros).ShouldBe(1_000_000);
        rows.ShouldAllBe(r => r.Provider == ProviderKind.GoogleVertex && r.Model == "gemini-2.5-pro" && r.UsageDate == new DateOnly(2026, 11, 3));
        TokenTypes.Of(rows[1].LineItem).ShouldBe(TokenType.Output);
    }

    [Fact]
    public async Task A_parquet_file_of_several_row_groups_is_read_group_by_group_to_the_last_row()
    {
        // Three row groups of 400 lines: 1,200 × $0.001234 over ten days of November.
        var fields = new[] { "BilledCost", "BillingCurrency", "ChargePeriodStart", "ServiceCategory", "ProviderName", "SkuId", "ChargeDescription" }.Select(n => new DataField<string>(n)).ToArray();
        var path = Path.Combine(_folder, "aws-focus-large.parquet");
        await using (var file = File.Create(path))
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(new ParquetSchema(fields), file, cancellationToken: TestContext.Current.CancellationToken))
        {
            for (var group = 0; group < 3; group++)
            {
                using var rowGroup = writer.CreateRowGroup();
                var lines = Enumerable.Range(group * 400, 400).ToList();
                string[][] columns =
                [
                    lines.Select(_ => "0.001234").ToArray(), lines.Select(_ => "USD").ToArray(),
                    lines.Select(i => $"2026-11-{1 + i % 10:00}T00:00:00Z").ToArray(), lines.Select(_ => "AI and Machine Learning").ToArray(),
                    lines.Select(_ => "AWS").ToArray(), lines.Select(i => $"USE1-Claude4.5Sonnet-{(i % 2 == 0 ? "input" : "output")}-tokens").ToArray(),
                    lines.Select(i => $"line {i}").ToArray(),
                ];
                for (var c = 0; c < fields.Length; c++) await rowGroup.WriteAsync(fields[c], columns[c]);
            }
        }
        var (h, connection) = await ArrangeAsync();
        await using var _ = h;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        var rows = await RowsAsync(h);
        rows.Sum(r => r.CostMicros).ShouldBe(1_200 * 1_234);
        rows.Select(r => r.UsageDate).Distinct().Count().ShouldBe(10);
    }

    [Theory]
    [InlineData("BilledCost,BillingCurrency,ChargePeriodStart\n1.5,USD,2026-10-05T00:00:00Z\nabc,USD,2026-10-06T00:00:00Z\n", "bad.csv, line 3, column BilledCost: 'abc' is not a number")]
    [InlineData("BilledCost,BillingCurrency,ChargePeriodStart\n1.5,USD,05/10/2026 noon\n", "bad.csv, line 2, column ChargePeriodStart: '05/10/2026 noon' is not a date and time")]
    [InlineData("BilledCost,BillingCurrency,ChargePeriodStart\n1.5,Euro,2026-10-05T00:00:00Z\n", "bad.csv, line 2, column BillingCurrency: 'Euro' is not a three-letter currency code")]
    [InlineData("BilledCost,BillingCurrency,ChargePeriodStart\n1.5,USD\n", "bad.csv, line 2: 2 value(s) for 3 column(s)")]
    [InlineData("BilledCost,BillingCurrency,ChargePeriodStart\n\"1.5,USD,2026-10-05T00:00:00Z\n", "bad.csv, line 2, column 1: a quoted value is never closed")]
    [InlineData("Cost,Currency,Day\n1.5,USD,2026-10-05\n", "bad.csv: there is no BilledCost column")]
    [InlineData("BilledCost,BillingCurrency,ChargePeriodStart,Tags\n1.5,USD,2026-10-05T00:00:00Z,{team:search}\n", "bad.csv, line 2, column Tags: Tags is not JSON")]
    public async Task A_malformed_file_names_the_line_and_column_and_replaces_nothing(string csv, string expected)
    {
        File.Copy(Fixture("aws-focus-2026-10.csv"), Path.Combine(_folder, "aws-focus-2026-10.csv"));
        var (h, connection) = await ArrangeAsync();
        await using var _ = h;
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        var before = await RowsAsync(h);
        await File.WriteAllTextAsync(Path.Combine(_folder, "bad.csv"), csv, TestContext.Current.CancellationToken);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain(expected);
        (await RowsAsync(h)).Select(r => (r.UsageDate, r.NaturalKey, r.CostMicros)).ShouldBe(before.Select(r => (r.UsageDate, r.NaturalKey, r.CostMicros)));
    }

    [Fact]
    public async Task A_connection_without_a_file_says_where_to_put_one()
    {
        var (h, connection) = await ArrangeAsync();
        await using var _ = h;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("has no file to read");
    }
}
