using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

public sealed record AgreementReport(AgreementValue Alpha, IReadOnlyList<PairAgreement> Pairs, IReadOnlyList<ClassAgreement> Classes,
    int AnnotatedArticles, int OverlappingArticles);
