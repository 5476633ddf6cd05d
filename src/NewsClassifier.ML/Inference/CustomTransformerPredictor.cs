using NewsClassifier.ML.Explain;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training.CustomTransformer;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Inference;

/// <summary>A custom-transformer model folder (<see cref="ModelCheckpoint"/>) that classifies articles; see <see cref="TorchPredictor{TManifest}"/>.</summary>
public sealed class CustomTransformerPredictor : TorchPredictor<CheckpointManifest>
{
    private readonly LoadedCheckpoint _checkpoint;

    private CustomTransformerPredictor(LoadedCheckpoint checkpoint, Device device)
        : base(checkpoint.Model, checkpoint, checkpoint.Manifest, device) => _checkpoint = checkpoint;

    public static CustomTransformerPredictor Load(string modelDirectory)
    {
        TorchRuntime.Initialize();
        return new CustomTransformerPredictor(ModelCheckpoint.Load(modelDirectory), TorchRuntime.Device);
    }

    public CustomTransformerConfig Config => _checkpoint.Model.Config;
    public TextVectorizer Vectorizer => _checkpoint.Vectorizer;

    /// <summary>Articles per forward pass; what the resource sizing counts inference activations for.</summary>
    public const int BatchSize = 64;

    protected override int DefaultBatchSize => BatchSize;

    /// <summary>Only a masked model can be fed batches padded to their longest article.</summary>
    protected override bool BatchesByLength => Config.MaskPadding;

    /// <summary>Prediction plus per-head attention weights over the article's tokens.</summary>
    public override Explanation Explain(string text)
    {
        var encoded = Encode(text, nameof(text));
        int n = encoded.Ids.Length;
        return Locked(() =>
        {
            using var scope = NewDisposeScope();
            var (logits, attention) = _checkpoint.Model.Forward(Batch([encoded.Ids], [0]), returnAttention: true);
            var p = logits.softmax(-1).cpu().data<float>().ToArray();
            var heads = new float[attention.Length][][][];
            var averaged = new float[attention.Length][][];
            for (int b = 0; b < attention.Length; b++)
            {
                var own = attention[b][0, .., ..n, ..n].cpu(); // (heads, n, n)
                heads[b] = Enumerable.Range(0, (int)own.shape[0]).Select(h => Rows(own[h])).ToArray();
                averaged[b] = Rows(own.mean([0]));
            }
            var tokens = Vectorizer.Tokens(text).Take(n).ToArray();
            return new Explanation(PredictionOf(p, n, encoded.Truncated), new AttentionMap(tokens, heads, averaged));
        });
    }

    /// <summary>
    /// Integrated gradients over the token embeddings, from a baseline whose article tokens are zero vectors (positions,
    /// and for an unmasked model the padding after the article, stay as they are).
    /// </summary>
    public override TokenAttributions Attribute(string text, int steps = IntegratedGradients.DefaultSteps)
    {
        var encoded = Encode(text, nameof(text));
        int n = encoded.Ids.Length;
        var tokens = Vectorizer.Tokens(text).Take(n).ToArray();
        return Locked(() =>
        {
            using var scope = NewDisposeScope();
            var model = _checkpoint.Model;
            var ids = Batch([encoded.Ids], [0]);                                        // (1, L)
            var padding = ids.eq(0L);                                                   // (1, L)
            var input = model.TokenEmbeddings(ids)[0];                                  // (L, E)
            var baseline = input.clone();
            baseline[..n] = zeros(n, input.shape[1], dtype: input.dtype, device: input.device);
            var (scores, target, delta) = IntegratedGradients.Compute(
                path => model.LogitsFromTokenEmbeddings(path, padding.expand(path.shape[0], -1)), input, baseline, steps: steps,
                stepsPerPass: CustomTransformerSizing.AttributionStepsPerPass(Config, (int)ids.shape[1]));
            return new TokenAttributions(tokens, scores[..n], target, steps, delta);
        });
    }

    protected override (long[] Ids, bool Truncated) Encode(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The article text is empty.", name);
        var ids = Vectorizer.EncodeUnpadded(text, Config.MaxLength, out bool truncated);
        if (ids.Length == 0) throw new ArgumentException("The article has no words once punctuation is removed.", name);
        return (ids, truncated);
    }

    protected override Tensor Logits(long[][] ids, int[] rows) => _checkpoint.Model.forward(Batch(ids, rows));

    /// <summary>(B, T): a masked model needs padding only to the batch's longest article; an unmasked model (<c>custom-lesson</c>) was trained on articles padded to max length, so it gets the same.</summary>
    private Tensor Batch(long[][] ids, int[] rows)
    {
        int length = Config.MaskPadding ? rows.Max(r => ids[r].Length) : Config.MaxLength;
        var buffer = new long[rows.Length * length];
        for (int r = 0; r < rows.Length; r++) ids[rows[r]].CopyTo(buffer, r * length);
        return tensor(buffer, [rows.Length, length], device: Device);
    }
}
