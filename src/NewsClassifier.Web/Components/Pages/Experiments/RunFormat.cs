namespace NewsClassifier.Web.Components.Pages.Experiments;

internal static class RunFormat
{
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours} h {d.Minutes} min",
        { TotalMinutes: >= 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
        var d => $"{d.Value.TotalSeconds:0.0} s",
    };
}
