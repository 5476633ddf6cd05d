using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

public sealed record ClassAgreement(string Label, int Ratings, AgreementValue Alpha);
