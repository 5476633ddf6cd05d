namespace NewsClassifier.Application.Labeling;

/// <summary>Configuration section "Reports": bounds on "this is wrong" reports, each of which adds an article and a
/// review item, so one user cannot flood a dataset's review queue.</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>Reports one user may have open (not yet resolved or dismissed) in one dataset.</summary>
    [Range(1, 10_000)]
    public int MaxOpenPerUser { get; set; } = 20;

    /// <summary>Longest reported article, title and text together (characters).</summary>
    [Range(100, 100_000)]
    public int MaxCharacters { get; set; } = 20_000;
}
