namespace NewsClassifier.ML.Training;

/// <summary>Seeded, stratified train/validation split: each class contributes round(fraction * its count) to validation.</summary>
public static class StratifiedSplit
{
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<int> labels, double validationFraction, int seed)
    {
        if (validationFraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "validation_fraction must be in [0, 1).");
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            int take = (int)Math.Round(validationFraction * members.Length, MidpointRounding.AwayFromZero);
            // Keep at least one training example per class when the class has two or more.
            if (take >= members.Length && members.Length > 1) take = members.Length - 1;
            validation.AddRange(members[..take]);
            train.AddRange(members[take..]);
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }
}
