namespace NewsClassifier.Web.Components.Layout;

/// <summary>The theme a user chose, kept in a cookie that the server reads before the first render, so a reload opens in
/// that theme at once (no light flash before the circuit starts). No cookie: the browser's preferred scheme applies.</summary>
internal static class ThemeCookie
{
    public const string Name = "nc-theme";

    /// <summary>True for dark, false for light, null when the user never chose.</summary>
    public static bool? Read(HttpContext? context) => context?.Request.Cookies[Name] switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
