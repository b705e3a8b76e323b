using AiGateway.Dashboard;
using AiGateway.Dashboard.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboard();

var app = builder.Build();
app.UseDashboard();
await app.InitializeDashboardAsync();
await app.RunAsync();

public partial class Program;
