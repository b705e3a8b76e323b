using AiGateway.Dashboard.IntegrationTests.Support;

[assembly: AssemblyFixture(typeof(SharedDashboard))]
[assembly: AssemblyFixture(typeof(BrowserFixture))]
