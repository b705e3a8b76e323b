using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

public sealed class SqlServerDashboardDbContext(DbContextOptions<SqlServerDashboardDbContext> options) : DashboardDbContext(options);
