using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PriceCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ModelPrices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Provider = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ServiceTier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    InputPerMillionMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    CachedInputPerMillionMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    CacheWritePerMillionMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    CacheWrite1hPerMillionMicros = table.Column<long>(type: "INTEGER", nullable: true),
                    OutputPerMillionMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Origin = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelPrices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ModelPrices_Provider_Model_ServiceTier_EffectiveFrom_Origin",
                table: "ModelPrices",
                columns: new[] { "Provider", "Model", "ServiceTier", "EffectiveFrom", "Origin" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModelPrices");
        }
    }
}
