namespace NewsClassifier.ML.Training;

public static class Metrics
{
    /// <summary>
    /// A class that is never predicted has precision 0 (not NaN), and so F1 0; a class absent from
    /// <paramref name="actual"/> has recall 0. Macro-F1 averages over all <paramref name="labelNames"/>.
    /// </summary>
    public static ClassificationMetrics Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<string> labelNames)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} actual labels but {predicted.Count} predictions.", nameof(predicted));
        int k = labelNames.Count;
        var confusion = new int[k][];
        for (int i = 0; i < k; i++) confusion[i] = new int[k];
        for (int i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= k || (uint)predicted[i] >= k)
                throw new ArgumentOutOfRangeException(nameof(actual), $"Label at {i} is outside 0..{k - 1}.");
            confusion[actual[i]][predicted[i]]++;
        }

        int correct = 0;
        var perClass = new List<ClassMetrics>(k);
        for (int c = 0; c < k; c++)
        {
            int tp = confusion[c][c];
            int support = confusion[c].Sum();
            int predictedAsC = 0;
            for (int r = 0; r < k; r++) predictedAsC += confusion[r][c];
            correct += tp;
            double precision = predictedAsC == 0 ? 0 : (double)tp / predictedAsC;
            double recall = support == 0 ? 0 : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(labelNames[c], precision, recall, f1, support));
        }

        double accuracy = actual.Count == 0 ? 0 : (double)correct / actual.Count;
        double macroF1 = k == 0 ? 0 : perClass.Average(m => m.F1);
        return new ClassificationMetrics(accuracy, macroF1, perClass, confusion);
    }
}
