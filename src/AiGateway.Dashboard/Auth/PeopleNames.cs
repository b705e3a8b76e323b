using System.Collections.Concurrent;
using System.Security.Claims;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Auth;

/// <summary>
/// The names of people the app has met, by e-mail (records keep the e-mail, which stays true when a name changes):
/// learnt from each signed-in person's claims, and the demo personas. A person never seen since a restart shows as
/// their e-mail until they sign in again.
/// </summary>
public sealed class PeopleNames
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _emails = new(StringComparer.OrdinalIgnoreCase);

    public PeopleNames()
    {
        foreach (var p in DemoPersonas.All) Remember(p.Email, p.Name);
    }

    private void Remember(string email, string name) => (_names[email], _emails[name]) = (name, email);

    public void Remember(ClaimsPrincipal user)
    {
        if (ScopeResolver.EmailOf(user) is { } email && user.Identity?.Name is { Length: > 0 } name && !name.Equals(email, StringComparison.OrdinalIgnoreCase))
            Remember(email, name);
    }

    /// <summary>
    /// A record's "who" (older records hold the name, newer the e-mail) as a name and an e-mail where known; what the
    /// record holds ("configuration", "demo-seed", an unknown e-mail) when not.
    /// </summary>
    public (string Name, string? Email) Describe(string who) => who.Contains('@')
        ? (_names.GetValueOrDefault(who, who), who)
        : (who, _emails.GetValueOrDefault(who));
}
