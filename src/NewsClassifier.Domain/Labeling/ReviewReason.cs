namespace NewsClassifier.Domain.Labeling;

public enum ReviewReason
{
    /// <summary>The article's k annotations disagree.</summary>
    Disagreement = 0,
    /// <summary>A model that did not train on the article contradicts its gold label with high confidence (see <see cref="ReviewItem.Evidence"/>).</summary>
    LikelyLabelError = 1,
    /// <summary>Someone said "this is wrong" on the Classify page.</summary>
    ReportedWrong = 2,
    /// <summary>Someone without review rights, relabelling a gold article, proposed another label: a reviewer decides.</summary>
    RelabelProposal = 3,
}
