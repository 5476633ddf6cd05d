namespace NewsClassifier.Application.Labeling;

/// <summary>
/// A gold-labelled article in the relabel mode: its gold label, the imported file's suggestion, the production model's
/// prediction (when it scored the dataset), the open likely-label-error item with its evidence, and this user's answer.
/// </summary>
public sealed record RelabelCard(long ArticleId, string Title, string Text, string Source, int GoldLabelId, int? SuggestedLabelId,
    int? ModelLabelId, double? ModelConfidence, string? ModelName,
    long? LikelyErrorItemId, int? LikelyErrorLabelId, double? LikelyErrorConfidence, string? LikelyErrorEvidence,
    int? MyLabelId, bool MySkip)
{
    public bool Answered => MyLabelId is not null || MySkip;
}
