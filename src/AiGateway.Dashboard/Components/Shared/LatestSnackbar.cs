using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Dashboard.Components.Shared;

/// <summary>
/// Snackbars one at a time, the newest replacing the one on screen (MudBlazor would queue it behind the last): a person
/// who disables a connection reads "disabled" at once, not after the previous message has timed out.
/// </summary>
public sealed class LatestSnackbar(SnackbarService inner) : ISnackbar
{
    public SnackbarConfiguration Configuration => inner.Configuration;
    public IEnumerable<Snackbar> ShownSnackbars => inner.ShownSnackbars;

    public event Action? OnSnackbarsUpdated
    {
        add => inner.OnSnackbarsUpdated += value;
        remove => inner.OnSnackbarsUpdated -= value;
    }

    public Snackbar? Add(string message, Severity severity = Severity.Normal, Action<SnackbarOptions>? configure = null, string? key = null) =>
        Replace(() => inner.Add(message, severity, configure, key));

    public Snackbar? Add(MarkupString message, Severity severity = Severity.Normal, Action<SnackbarOptions>? configure = null, string? key = null) =>
        Replace(() => inner.Add(message, severity, configure, key));

    public Snackbar? Add(RenderFragment message, Severity severity = Severity.Normal, Action<SnackbarOptions>? configure = null, string? key = null) =>
        Replace(() => inner.Add(message, severity, configure, key));

    public Snackbar? Add<T>(Dictionary<string, object>? componentParameters = null, Severity severity = Severity.Normal, Action<SnackbarOptions>? configure = null, string? key = null)
        where T : IComponent => Replace(() => inner.Add<T>(componentParameters, severity, configure, key));

    public void Clear() => inner.Clear();
    public void Remove(Snackbar snackbar) => inner.Remove(snackbar);
    public void RemoveByKey(string key) => inner.RemoveByKey(key);
    public void Dispose() => inner.Dispose();

    private Snackbar? Replace(Func<Snackbar?> add)
    {
        inner.Clear();
        return add();
    }
}
