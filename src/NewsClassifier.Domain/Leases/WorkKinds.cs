namespace NewsClassifier.Domain.Leases;

/// <summary>The <see cref="WorkLease.Kind"/> values: one per kind of background work.</summary>
public static class WorkKinds
{
    public const string Training = "training";
    public const string Import = "import";
    public const string Pretrained = "pretrained";
    public const string Scoring = "scoring";
    public const string Firing = "firing";
    public const string ErrorScan = "error-scan";
}
