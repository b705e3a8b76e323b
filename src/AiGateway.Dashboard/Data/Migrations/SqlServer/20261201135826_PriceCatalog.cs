using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.SqlServer
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Provider = table.Column<int>(type: "int", nullable: false),
                    Model = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ServiceTier = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    InputPerMillionMicros = table.Column<long>(type: "bigint", nullable: false),
                    CachedInputPerMillionMicros = table.Column<long>(type: "bigint", nullable: false),
                    CacheWritePerMillionMicros = table.Column<long>(type: "bigint", nullable: false),
                    CacheWrite1hPerMillionMicros = table.Column<long>(type: "bigint", nullable: true),
                    OutputPerMillionMicros = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Source = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Origin = table.Column<int>(type: "int", nullable: false),
                    ChangedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ChangedBy = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false)
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
