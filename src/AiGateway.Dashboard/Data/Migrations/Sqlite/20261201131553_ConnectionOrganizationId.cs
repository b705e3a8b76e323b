using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConnectionOrganizationId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrganizationId",
                table: "Connections",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OrganizationId",
                table: "Connections");
        }
    }
}
