using Microsoft.JSInterop;

namespace NewsClassifier.Web.Schedules;

/// <summary>The time zone of the browser a circuit runs in (App.razor's <c>ncTimeZone</c>), so firings show in the viewer's
/// local time. UTC when the browser cannot say (no JS yet, an unknown id): the times stay right, only labelled UTC.</summary>
public static class BrowserTimeZone
{
    /// <summary>Call from OnAfterRenderAsync: JS interop is not available while the page prerenders.</summary>
    public static async Task<TimeZoneInfo> ResolveAsync(IJSRuntime js)
    {
        try
        {
            var id = await js.InvokeAsync<string?>("ncTimeZone");
            return !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        catch (Exception e) when (e is JSException or InvalidOperationException or TaskCanceledException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>"2026-12-02 03:00" in <paramref name="zone"/>.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm");

    public static string Format(DateTime utc, TimeZoneInfo zone) => Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);

    /// <summary>Short label for a column header: "Europe/Amsterdam" or "UTC".</summary>
    public static string Label(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
}
