using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AiGateway.Dashboard.Tests.Data;

/// <summary>The SQL Server path, proven without a server (none can run here): model, migrations, script, queries, bulk copy; and each model matches its migrations.</summary>
public class DatabaseModelTests
{
    private static SqlServerDashboardDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerDashboardDbContext>().UseSqlServer("Server=unreachable.invalid;Database=Dashboard;Connect Timeout=1").Options);

    [Fact]
    public void The_SQL_Server_model_has_no_pending_changes()
    {
        using var db = SqlServer();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run dotnet ef migrations add for SqlServerDashboardDbContext");
    }

    [Fact]
    public void The_PostgreSQL_model_has_no_pending_changes()
    {
        using var db = new PostgreSqlDashboardDbContext(new DbContextOptionsBuilder<PostgreSqlDashboardDbContext>().UseNpgsql("Host=unreachable.invalid;Database=dashboard").Options);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run dotnet ef migrations add for PostgreSqlDashboardDbContext");
    }

    [Fact]
    public void The_SQL_Server_bulk_copy_writes_every_column_of_the_cost_records_by_name_and_type()
    {
        using var db = SqlServer();
        var entity = db.Model.FindEntityType(typeof(AiGateway.Dashboard.Domain.CostRecord))!;
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var modelColumns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.GetColumnName(store)!).Order().ToList();
        var row = new AiGateway.Dashboard.Domain.CostRecord
        {
            ConnectionId = 3, Provider = AiGateway.Dashboard.Domain.ProviderKind.AzureOpenAI, UsageDate = new DateOnly(2026, 2, 28), NaturalKey = "k", Model = "gpt-4o",
            CostMicros = 1_234_567, Currency = "USD", OriginalMicros = 1_170_000, OriginalCurrency = "EUR", RestatedDate = null, Tags = null,
        };

        using var table = AiGateway.Dashboard.Features.Sync.CostRecordWriter.SqlServerTable([row]);
        table.Columns.Cast<System.Data.DataColumn>().Select(c => c.ColumnName).Order().ShouldBe(modelColumns);
        table.Rows[0]["UsageDate"].ShouldBe(new DateTime(2026, 2, 28));
        table.Rows[0]["RestatedDate"].ShouldBe(DBNull.Value);
        (table.Rows[0]["CostMicros"], table.Rows[0]["OriginalMicros"], table.Rows[0]["OriginalCurrency"]).ShouldBe(((object)1_234_567L, (object)1_170_000L, (object)"EUR"));
        using var bulk = AiGateway.Dashboard.Features.Sync.CostRecordWriter.BulkCopy(new Microsoft.Data.SqlClient.SqlConnection("Server=unreachable.invalid"), null);
        bulk.DestinationTableName.ShouldBe($"[{entity.GetTableName()}]");
        bulk.ColumnMappings.Cast<Microsoft.Data.SqlClient.SqlBulkCopyColumnMapping>().Select(m => m.DestinationColumn).Order().ShouldBe(modelColumns);
    }

    [Fact]
    public async Task The_SQLite_model_has_no_pending_changes()
    {
        await using var test = await TestDatabase.CreateAsync();
        await using var db = test.CreateDbContext();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run dotnet ef migrations add for SqliteDashboardDbContext");
    }

    [Fact]
    public void The_SQL_Server_create_script_generates()
    {
        using var db = SqlServer();
        var script = db.Database.GenerateCreateScript();
        script.ShouldContain("CREATE TABLE [CostRecords]");
        script.ShouldContain("CREATE UNIQUE INDEX [IX_CostRecords_ConnectionId_UsageDate_NaturalKey]");
        script.ShouldContain("[CostMicros] bigint NOT NULL");
        script.ShouldContain("[UsageDate] date NOT NULL");
    }

    [Fact]
    public void The_SQL_Server_migrations_script_generates()
    {
        using var db = SqlServer();
        db.Database.GetMigrations().ShouldNotBeEmpty();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        script.ShouldContain("__EFMigrationsHistory");
        script.ShouldContain("CREATE TABLE [SpendRollups]");
    }

    [Fact]
    public void The_main_spend_query_translates_for_SQL_Server()
    {
        using var db = SqlServer();
        var query = new SpendQuery(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            [SpendDimension.Provider, SpendDimension.Model, SpendDimension.OrgUnit, SpendDimension.Project, SpendDimension.Connection, SpendDimension.Day]);
        var sql = SpendQueries.Build(db, query).ToQueryString();
        sql.ShouldContain("FROM [SpendRollups]");
        sql.ShouldContain("GROUP BY [s].[Provider], [s].[Model], [s].[OrgUnitId], [s].[ProjectId], [s].[ConnectionId], [s].[Date]");
        sql.ShouldContain("SUM([s].[CostMicros])");
    }

    [Fact]
    public void The_filtered_and_scoped_spend_query_translates_for_SQL_Server()
    {
        using var db = SqlServer();
        var query = new SpendQuery(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), [SpendDimension.OrgUnit, SpendDimension.Model])
        {
            Filter = new SpendFilter
            {
                Providers = [AiGateway.Dashboard.Domain.ProviderKind.OpenAI], Models = ["gpt-4o"], OrgUnitIds = [1, 2, 3], Unallocated = true,
                Projects = ["proj_a"], ConnectionIds = [7],
            },
            Scope = new SpendScope(new HashSet<int> { 2, 3 }),
        };
        foreach (var (grain, from, to, _) in SpendQueries.Split(query, lastMonthIsWhole: false))
        {
            var sql = SpendQueries.Build(db, query, grain, from, to).ToQueryString();
            sql.ShouldContain("GROUP BY [s].[OrgUnitId], [s].[Model]");
            sql.ShouldContain($"DECLARE @grain int = {(int)grain};");
            sql.ShouldContain("[s].[Grain] = @grain");
        }
    }

    [Fact]
    public void An_ungrouped_spend_query_translates_for_SQL_Server()
    {
        using var db = SqlServer();
        var sql = SpendQueries.Build(db, new SpendQuery(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), [])).ToQueryString();
        sql.ShouldContain("FROM [SpendRollups]");
        sql.ShouldContain("[CostMicros])");
        sql.ShouldContain("SUM(");
    }

    [Fact]
    public void Money_is_never_stored_as_a_floating_or_decimal_type()
    {
        using var db = SqlServer();
        var moneyColumns = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties())
            .Where(p => p.Name.EndsWith("Micros", StringComparison.Ordinal))
            .ToList();
        moneyColumns.ShouldNotBeEmpty();
        moneyColumns.ShouldAllBe(p => p.ClrType == typeof(long) || p.ClrType == typeof(long?));
        db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .ShouldNotContain(p => p.ClrType == typeof(double) || p.ClrType == typeof(float) || p.ClrType == typeof(decimal));
    }
}
