using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CoveringRollupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnitId_CostMicros",
                table: "SpendRollups");

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
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

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnitId_CostMicros",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "OrgUnitId", "CostMicros" });
        }
    }
}
