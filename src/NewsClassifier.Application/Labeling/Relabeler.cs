namespace NewsClassifier.Application.Labeling;

/// <summary>Who relabels and what their role allows, from the caller's policies: labelling at all (Viewers may not),
/// and reviewing (a reviewer's change is a decision; anyone else's is a proposal for a reviewer).</summary>
public sealed record Relabeler(string Name, bool MayLabel, bool MayReview);
