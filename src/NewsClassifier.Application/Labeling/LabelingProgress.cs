namespace NewsClassifier.Application.Labeling;

public sealed record LabelingProgress(int Gold, int Total, int OpenReviews, int Overlap, IReadOnlyList<UserCount> Users)
{
    public double Fraction => Total == 0 ? 0 : (double)Gold / Total;
}
