namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>One seeded host shared by the read-only tests of this assembly (booting is the slow part).</summary>
public sealed class SharedDashboard : IAsyncLifetime
{
    public DashboardFactory Factory { get; } = new();

    public Uri BaseAddress => Factory.BaseAddress;

    public ValueTask InitializeAsync()
    {
        _ = Factory.BaseAddress; // boots: migrations, demo seed and its first sync
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
