using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

public sealed record PairAgreement(string A, string B, AgreementValue Kappa);
