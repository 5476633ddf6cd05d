namespace NewsClassifier.Domain.Schedules;

/// <summary>
/// When a challenger may replace the champion, both scored on the schedule's frozen evaluation articles: its
/// <see cref="Metric"/> must rise by at least <see cref="MinGain"/>, no class's F1 may fall by more than
/// <see cref="MaxClassDrop"/>, and the exact McNemar test on the articles they disagree on must give p below
/// <see cref="Alpha"/>. With <see cref="NeedsApproval"/> a passing challenger goes to <c>staging</c> and waits for a person.
/// </summary>
public sealed class GateSettings
{
    public GateMetric Metric { get; set; } = GateMetric.Accuracy;
    /// <summary>Absolute gain in <see cref="Metric"/> (0.005 = half a point).</summary>
    public double MinGain { get; set; } = 0.005;
    /// <summary>Largest allowed fall of any class's F1 (absolute).</summary>
    public double MaxClassDrop { get; set; } = 0.05;
    /// <summary>Significance level of the paired test; 1 turns the test off.</summary>
    public double Alpha { get; set; } = 0.05;
    public bool NeedsApproval { get; set; }
}

public enum GateMetric
{
    Accuracy,
    MacroF1,
}
