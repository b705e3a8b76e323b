using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MonthClose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_Model_CostMicros",
                table: "SpendRollups");

            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups");

            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_ProjectId_CostMicros",
                table: "SpendRollups");

            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_Provider_CostMicros",
                table: "SpendRollups");

            migrationBuilder.AddColumn<int>(
                name: "AdjustmentsBooked",
                table: "SyncRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "RangeRequested",
                table: "SyncRuns",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Basis",
                table: "SpendRollups",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Final",
                table: "ReportArchives",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RestatedDate",
                table: "CostRecords",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BookMonths",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Closed = table.Column<bool>(type: "bit", nullable: false),
                    ClosedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedBy = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    ClosedTotalMicros = table.Column<long>(type: "bigint", nullable: false),
                    CloseConfirmation = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ReopenedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReopenedBy = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    ReopenReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookMonths", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_Model_CostMicros_Basis",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "Model", "CostMicros", "Basis" });

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "OrgUnitId", "CostMicros", "InputTokens", "CachedInputTokens", "CacheWriteTokens", "OutputTokens", "Requests", "Basis" });

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_ProjectId_CostMicros_Basis",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "ProjectId", "CostMicros", "Basis" });

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_Provider_CostMicros_Basis",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "Provider", "CostMicros", "Basis" });

            migrationBuilder.CreateIndex(
                name: "IX_CostRecords_RestatedDate",
                table: "CostRecords",
                column: "RestatedDate");

            migrationBuilder.CreateIndex(
                name: "IX_BookMonths_Month",
                table: "BookMonths",
                column: "Month",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BookMonths");

            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_Model_CostMicros_Basis",
                table: "SpendRollups");

            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups");

            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_ProjectId_CostMicros_Basis",
                table: "SpendRollups");

            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_Provider_CostMicros_Basis",
                table: "SpendRollups");

            migrationBuilder.DropIndex(
                name: "IX_CostRecords_RestatedDate",
                table: "CostRecords");

            migrationBuilder.DropColumn(
                name: "AdjustmentsBooked",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "RangeRequested",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Basis",
                table: "SpendRollups");

            migrationBuilder.DropColumn(
                name: "Final",
                table: "ReportArchives");

            migrationBuilder.DropColumn(
                name: "RestatedDate",
                table: "CostRecords");

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_Model_CostMicros",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "Model", "CostMicros" });

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "OrgUnitId", "CostMicros", "InputTokens", "CachedInputTokens", "CacheWriteTokens", "OutputTokens", "Requests" });

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_ProjectId_CostMicros",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "ProjectId", "CostMicros" });

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_Provider_CostMicros",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "Provider", "CostMicros" });
        }
    }
}
