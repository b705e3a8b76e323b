using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RollupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_OrgUnitId_Grain_Date",
                table: "SpendRollups");

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_OrgUnitId",
                table: "SpendRollups",
                column: "OrgUnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SpendRollups_OrgUnitId",
                table: "SpendRollups");

            migrationBuilder.CreateIndex(
                name: "IX_SpendRollups_OrgUnitId_Grain_Date",
                table: "SpendRollups",
                columns: new[] { "OrgUnitId", "Grain", "Date" });
        }
    }
}
