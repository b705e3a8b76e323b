using AiGateway.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboard();

var app = builder.Build();
app.UseDashboard();
await app.RunAsync();

public partial class Program;
