using MudBlazor;

namespace NewsClassifier.Web.Components.Layout;

/// <summary>The app's palette: a newsroom's ink blue with a warm accent, in light and dark.</summary>
internal static class Theme
{
    public static readonly MudTheme Value = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#c0504d",
            AppbarBackground = "#1f4e79",
            Background = "#f6f7f9",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb3e6",
            Secondary = "#f08a84",
            AppbarBackground = "#16232f",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
