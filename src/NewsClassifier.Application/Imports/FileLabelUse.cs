namespace NewsClassifier.Application.Imports;

/// <summary>What an import does with the labels in the file. In every case the dataset's label set is made from the
/// file's label names, so a new dataset can be labeled at once.</summary>
public enum FileLabelUse
{
    /// <summary>The file's labels are the articles' gold labels (a curated data set).</summary>
    Gold,
    /// <summary>Kept as <c>Article.SuggestedLabelId</c> only: every article waits in the annotation queue, which shows
    /// the file's label as a proposal (labels from a weak source, a heuristic, another model).</summary>
    Suggestions,
    /// <summary>Not kept at all; a label value that does not fit the label set does not refuse its row.</summary>
    Ignore,
}
