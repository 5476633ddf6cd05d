namespace NewsClassifier.Application.Labeling;

/// <summary>What the relabel mode shows: an optional class (by label id), a focus, and whether articles this user
/// already confirmed, changed or skipped are left out (the default, so the list is what is left to check).</summary>
public sealed record RelabelFilter(int? LabelId = null, RelabelFocus Focus = RelabelFocus.All, bool OnlyUnseen = true);
