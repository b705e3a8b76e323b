using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

public sealed class SqliteDashboardDbContext(DbContextOptions<SqliteDashboardDbContext> options) : DashboardDbContext(options);
