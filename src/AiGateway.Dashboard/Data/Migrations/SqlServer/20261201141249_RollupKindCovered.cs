using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RollupKindCovered : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups");

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "OrgUnitId", "CostMicros", "InputTokens", "CachedInputTokens", "CacheWriteTokens", "OutputTokens", "Requests", "Basis", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups");

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_Grain_Date_OrgUnit_Covering",
                table: "SpendRollups",
                columns: new[] { "Grain", "Date", "OrgUnitId", "CostMicros", "InputTokens", "CachedInputTokens", "CacheWriteTokens", "OutputTokens", "Requests", "Basis" });
        }
    }
}
