namespace NewsClassifier.Application.Activity;

/// <summary>One piece of background work as the Jobs list shows it: what it is, its state, how far it got (0..1; null when
/// the work does not know its size), a one-line detail, the page that tells more, and when it last moved (UTC).</summary>
public sealed record JobActivity(
    JobKind Kind,
    string Title,
    string State,
    bool Active,
    double? Progress,
    string? Detail,
    string Link,
    DateTime When);
