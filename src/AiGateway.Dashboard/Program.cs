using AiGateway.Dashboard;

var builder = WebApplication.CreateBuilder(DashboardHost.Options(args));
builder.AddDashboard();

var app = builder.Build();
app.UseDashboard();
await app.RunAsync();

public partial class Program;
