using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UsageIngestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsageEventIds",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageEventIds", x => x.EventId);
                });

            migrationBuilder.CreateTable(
                name: "UsageHours",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HourUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Provider = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApiKeyId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    ServiceTier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    InputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CachedInputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CacheWriteTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    Events = table.Column<long>(type: "INTEGER", nullable: false),
                    CostMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    Unpriced = table.Column<bool>(type: "INTEGER", nullable: false),
                    GatewayCostMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    GatewayCostEvents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageHours", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UsageHours_OrgUnits_OrgUnitId",
                        column: x => x.OrgUnitId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageEventIds_SeenUtc",
                table: "UsageEventIds",
                column: "SeenUtc");

            migrationBuilder.CreateIndex(
                name: "IX_UsageHours_HourUtc_Provider_Model",
                table: "UsageHours",
                columns: new[] { "HourUtc", "Provider", "Model" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageHours_OrgUnitId",
                table: "UsageHours",
                column: "OrgUnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsageEventIds");

            migrationBuilder.DropTable(
                name: "UsageHours");
        }
    }
}
