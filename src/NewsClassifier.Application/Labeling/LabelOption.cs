namespace NewsClassifier.Application.Labeling;

/// <summary>One class of a dataset's label set as the annotation card shows it (key 1-9 for the first nine).</summary>
public sealed record LabelOption(int Id, int Ordinal, string Name)
{
    public int? Key => Ordinal < 9 ? Ordinal + 1 : null;
}
