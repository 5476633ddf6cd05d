namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>The listener's reconnect pacing (section <c>Notices</c>, PostgreSQL only).</summary>
public sealed class NoticeOptions
{
    public const string SectionName = "Notices";

    /// <summary>The first wait after the listening connection drops; it doubles up to <see cref="MaxReconnectSeconds"/>.</summary>
    [Range(0.05, 60)]
    public double MinReconnectSeconds { get; set; } = 0.5;

    [Range(0.05, 600)]
    public double MaxReconnectSeconds { get; set; } = 30;
}
