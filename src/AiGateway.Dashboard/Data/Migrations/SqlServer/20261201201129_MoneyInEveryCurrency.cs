using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MoneyInEveryCurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "SyncRuns",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalCurrency",
                table: "CostRecords",
                type: "nchar(3)",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "USD");

            migrationBuilder.AddColumn<long>(
                name: "OriginalMicros",
                table: "CostRecords",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "Unconverted",
                table: "CostRecords",
                type: "bit",
                nullable: false,
                defaultValue: false);

            // Rows written before every currency was kept were billed and reported in USD: they are their own original.
            migrationBuilder.Sql("UPDATE \"CostRecords\" SET \"OriginalMicros\" = \"CostMicros\", \"OriginalCurrency\" = \"Currency\"");

            migrationBuilder.CreateTable(
                name: "FxRates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    From = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    To = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    ScaledRate = table.Column<long>(type: "bigint", nullable: false),
                    Source = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FxRates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FxRates_From_To_Day",
                table: "FxRates",
                columns: new[] { "From", "To", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FxRates");

            migrationBuilder.DropColumn(
                name: "Notes",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "OriginalCurrency",
                table: "CostRecords");

            migrationBuilder.DropColumn(
                name: "OriginalMicros",
                table: "CostRecords");

            migrationBuilder.DropColumn(
                name: "Unconverted",
                table: "CostRecords");
        }
    }
}
