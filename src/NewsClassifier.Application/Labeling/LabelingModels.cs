using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>A request labelling cannot serve as asked (unknown dataset or label, bad name, nothing to undo).</summary>
public sealed class LabelingException(string message) : Exception(message);

/// <summary>One class of a dataset's label set as the annotation card shows it (key 1-9 for the first nine).</summary>
public sealed record LabelOption(int Id, int Ordinal, string Name)
{
    public int? Key => Ordinal < 9 ? Ordinal + 1 : null;
}

/// <summary>An article to annotate, with this user's current answer when it comes from their history.</summary>
public sealed record AnnotationCard(long ArticleId, string Title, string Text, string Source, int? MyLabelId, bool MySkip, int? GoldLabelId);

/// <summary>What an annotation did to the article: nothing yet, made the gold label, or sent it to review.</summary>
public enum AnnotationEffect { Recorded, BecameGold, SentToReview }

public sealed record UserCount(string UserName, int Labelled, int Skipped);

public sealed record LabelingProgress(int Gold, int Total, int OpenReviews, int Overlap, IReadOnlyList<UserCount> Users)
{
    public double Fraction => Total == 0 ? 0 : (double)Gold / Total;
}

/// <summary>The labelled datasets overview (/labeling).</summary>
public sealed record DatasetLabelingSummary(int DatasetId, string Name, int Total, int Gold, int Annotations, int Annotators, int OpenReviews,
    int Overlap, AgreementValue Alpha);

public sealed record AnnotatorLabel(string UserName, string Label);

/// <summary>An open review item with what is known about the article.</summary>
public sealed record ReviewEntry(ReviewItem Item, string Title, string Text, string? GoldLabel, string? ProposedLabel,
    IReadOnlyList<AnnotatorLabel> Annotations, string? ModelLabel, double? ModelConfidence);

public sealed record PairAgreement(string A, string B, AgreementValue Kappa);
public sealed record ClassAgreement(string Label, int Ratings, AgreementValue Alpha);

public sealed record AgreementReport(AgreementValue Alpha, IReadOnlyList<PairAgreement> Pairs, IReadOnlyList<ClassAgreement> Classes,
    int AnnotatedArticles, int OverlappingArticles);

/// <summary>The production model's view of one article, in the dataset's label order; or why there is none.</summary>
public sealed record Suggestion(string? Model, IReadOnlyList<(string Label, double Probability)> Probabilities, string? Best, string? Why)
{
    public static Suggestion Unavailable(string why) => new(null, [], null, why);
}
