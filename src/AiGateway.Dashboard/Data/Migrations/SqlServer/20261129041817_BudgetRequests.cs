using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BudgetRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsPermanent",
                table: "BudgetAdjustments",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "BudgetRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BudgetId = table.Column<int>(type: "int", nullable: false),
                    OrgUnitId = table.Column<int>(type: "int", nullable: false),
                    RequesterEmail = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    RequesterName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    AmountMicros = table.Column<long>(type: "bigint", nullable: false),
                    Coverage = table.Column<int>(type: "int", nullable: false),
                    PeriodCount = table.Column<int>(type: "int", nullable: false),
                    FirstPeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    FirstPeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Justification = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ExpectedOutcome = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    OutcomeMetricId = table.Column<int>(type: "int", nullable: true),
                    OutcomeTarget = table.Column<long>(type: "bigint", nullable: true),
                    BudgetAtRequestMicros = table.Column<long>(type: "bigint", nullable: false),
                    NeedsSecondApproval = table.Column<bool>(type: "bit", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    FirstApproverEmail = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    FirstApprovedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FirstApprovalComment = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    FirstApprovedAmountMicros = table.Column<long>(type: "bigint", nullable: true),
                    DecidedByEmail = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    DecidedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DecisionComment = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ApprovedAmountMicros = table.Column<long>(type: "bigint", nullable: true),
                    ReminderSentUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BudgetRequests_Budgets_BudgetId",
                        column: x => x.BudgetId,
                        principalTable: "Budgets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetRequests_BudgetId_CreatedUtc",
                table: "BudgetRequests",
                columns: new[] { "BudgetId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetRequests_RequesterEmail",
                table: "BudgetRequests",
                column: "RequesterEmail");

            migrationBuilder.CreateIndex(
                name: "IX_BudgetRequests_Status_CreatedUtc",
                table: "BudgetRequests",
                columns: new[] { "Status", "CreatedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BudgetRequests");

            migrationBuilder.DropColumn(
                name: "IsPermanent",
                table: "BudgetAdjustments");
        }
    }
}
