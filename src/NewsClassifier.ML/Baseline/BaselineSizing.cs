using NewsClassifier.ML.Training;

namespace NewsClassifier.ML.Baseline;

/// <summary>
/// The TF-IDF baseline's size from its parameters: at most <c>max_ngrams</c> features per n-gram length (word lengths
/// 1..word_ngrams, character lengths 1..char_ngrams), a linear layer of features x classes + classes. Each kept n-gram
/// costs its dictionary entry (about 96 bytes: the string, its hash slot, its document frequency); the solver keeps the
/// weights, their averages and a dual per class. The sparse article x feature matrix grows with the dataset, not the
/// settings, and is bounded by the articles already stored.
/// </summary>
public static class BaselineSizing
{
    public const int DictionaryBytesPerFeature = 96;

    public static long FeatureCount(BaselineParameters p) => (long)p.MaxNgrams * (p.WordNgrams + p.CharNgrams);

    public static ResourceEstimate Estimate(BaselineParameters p, int classes) => ForFeatures(FeatureCount(p), classes);

    /// <summary>A fitted model's size from its feature width (<see cref="BaselineManifest.FeatureCount"/>).</summary>
    public static ResourceEstimate ForFeatures(long features, int classes)
    {
        double parameters = (double)features * classes + classes;
        double dictionary = (double)features * DictionaryBytesPerFeature / ModelSizing.FloatBytes; // in float-sized units
        var workload = $"{features:N0} TF-IDF features x {classes} classes";
        return new ResourceEstimate((long)parameters, (long)parameters,
            ModelSizing.TrainingBytes(parameters, parameters, dictionary), workload,
            ModelSizing.InferenceBytes(parameters, dictionary), workload);
    }
}
