using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>
/// A BERT classifier's size from its <see cref="BertConfig"/> alone (<see cref="BertConfig.BodyParameterCount"/> plus the head,
/// equal to the built model's count). Activations per layer at a batch of <c>B</c> sequences of <c>T</c> tokens, hidden H,
/// intermediate I, A heads: training a body keeps about 16 x H + 2 x I values per token (q, k, v, context, dense outputs,
/// dropout masks, residuals, LayerNorms, the intermediate and its GELU) plus four (B, A, T, T) tensors (scores, softmax,
/// dropout mask and output); a frozen body runs under no_grad, so only one layer's tensors are alive at a time, as at inference.
/// </summary>
public static class BertSizing
{
    public static long ParameterCount(BertConfig config, int classes) => config.BodyParameterCount() + config.ClassifierParameterCount(classes);

    public static ResourceEstimate Estimate(BertConfig config, BertParameters p, int classes)
    {
        double parameters = ParameterCount(config, classes);
        double trainable = p.TrainBody ? parameters : config.ClassifierParameterCount(classes);
        double train = p.TrainBody
            ? config.NumHiddenLayers * Layer(config, p.LargestPass, p.MaxLength, kept: true) + Tokens(p.LargestPass, p.MaxLength) * 4 * config.HiddenSize
            : Layer(config, p.LargestPass, p.MaxLength, kept: false);
        return new ResourceEstimate((long)parameters, (long)trainable,
            ModelSizing.TrainingBytes(parameters, trainable, train), $"batch {p.LargestPass} x {p.MaxLength} tokens",
            InferenceBytes(config, classes, p.MaxLength), $"batch {BertPredictor.BatchSize} x {p.MaxLength} tokens");
    }

    /// <summary>Peak bytes of the model loaded for classification at <paramref name="maxLength"/> tokens per article.</summary>
    public static long InferenceBytes(BertConfig config, int classes, int maxLength) =>
        ModelSizing.InferenceBytes(ParameterCount(config, classes), Layer(config, BertPredictor.BatchSize, maxLength, kept: false));

    /// <summary>
    /// A pretrained checkpoint's import check builds the body and reads the file's tensors next to it: two copies of
    /// the weights, no activations.
    /// </summary>
    public static long ImportBytes(BertConfig config) => ModelSizing.InferenceBytes(2.0 * config.BodyParameterCount(), 0);

    /// <summary>
    /// Paths an attribution pass (<see cref="Explain.IntegratedGradients"/>) may batch for an article of
    /// <paramref name="length"/> tokens: each keeps every layer's activations for the backward, and together they stay
    /// within the one-layer activations of a full classification batch that <see cref="InferenceBytes"/> counts.
    /// </summary>
    public static int AttributionStepsPerPass(BertConfig config, int maxLength, int length) =>
        ModelSizing.StepsWithin(Layer(config, BertPredictor.BatchSize, maxLength, kept: false),
            config.NumHiddenLayers * Layer(config, 1, length, kept: true) + Tokens(1, length) * 4 * config.HiddenSize);

    private static double Tokens(int batch, int length) => (double)batch * length;

    private static double Layer(BertConfig c, int batch, int length, bool kept)
    {
        double h = c.HiddenSize, i = c.IntermediateSize, scores = Tokens(batch, length) * c.NumAttentionHeads * length; // (B, A, T, T)
        return kept
            ? Tokens(batch, length) * (16 * h + 2 * i) + 4 * scores
            : Tokens(batch, length) * (5 * h + i) + 2 * scores;
    }
}
