using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Simulated;

/// <summary>
/// The demo provider: answers like a billing API, one "page" per week of the window; the current UTC day holds
/// only the hours that have passed, as a real provider's would.
/// </summary>
public sealed class SimulatedBillingClient : IBillingClient
{
    private const int DaysPerPage = 7;

    public ProviderKind Kind => ProviderKind.Simulated;

    public Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var settings = SimulatedSettings.FromJson(request.Connection.Settings);
        var generator = new SimulatedSpendGenerator(settings);
        // A bill of complete days only: as of the start of the asked-for UTC day, so that day (and later ones) are not billed yet.
        var asOf = settings.CompleteDaysOnly && request.AsOf is { } at ? new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero) : request.AsOf;
        var rows = new List<CostRecord>();
        var pages = 0;
        for (var from = request.Window.From; from <= request.Window.To; from = from.AddDays(DaysPerPage))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var to = from.AddDays(DaysPerPage - 1);
            rows.AddRange(generator.Generate(new DateWindow(from, to < request.Window.To ? to : request.Window.To), asOf));
            pagesFetched?.Report(++pages);
        }
        var names = SimulatedSpendGenerator.Projects
            .Select(p => new ProviderEntity { EntityType = ProviderEntity.Project, ExternalId = p.Id, Name = p.Name })
            .Concat(SimulatedSpendGenerator.Projects.Select(p => new ProviderEntity
            {
                EntityType = ProviderEntity.ApiKey, ExternalId = "key_" + p.Id[5..] + "_prod", Name = p.Name + " – prod key", ParentId = p.Id,
            }))
            .ToList();
        return Task.FromResult(new BillingFetchResult(rows, pages, names));
    }

    public Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var settings = SimulatedSettings.FromJson(connection.Settings);
        return Task.FromResult($"The simulated provider is available (seed {settings.Seed}, {SimulatedSpendGenerator.Projects.Count} projects).");
    }
}
