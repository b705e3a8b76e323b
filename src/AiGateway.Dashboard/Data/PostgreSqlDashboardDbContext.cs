using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

public sealed class PostgreSqlDashboardDbContext(DbContextOptions<PostgreSqlDashboardDbContext> options) : DashboardDbContext(options);
