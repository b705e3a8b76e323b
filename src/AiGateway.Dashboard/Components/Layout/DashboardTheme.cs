using MudBlazor;

namespace AiGateway.Dashboard.Components.Layout;

/// <summary>
/// One theme for every layout. The status colours are darkened from MudBlazor's defaults so that white chip text
/// and alert text keep a 4.5:1 contrast (axe's AA rule).
/// </summary>
public static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab", Secondary = "#00796b", AppbarBackground = "#283593",
            Info = "#1565c0", Success = "#1b5e20", Warning = "#a15c00", Error = "#c62828",
        },
        PaletteDark = new PaletteDark { Primary = "#7986cb", Secondary = "#4db6ac" },
    };
}
