using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>The labelled datasets overview (/labeling).</summary>
public sealed record DatasetLabelingSummary(int DatasetId, string Name, int Total, int Gold, int Annotations, int Annotators, int OpenReviews,
    int Overlap, AgreementValue Alpha);
