using NewsClassifier.ML.Explain;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Inference;

/// <summary>
/// A BERT run's model folder (<see cref="BertRunCheckpoint"/>) that classifies articles; see <see cref="TorchPredictor{TManifest}"/>.
/// Batches are sorted by length and padded to their longest article (the mask makes padding irrelevant).
/// </summary>
public sealed class BertPredictor : TorchPredictor<BertRunManifest>
{
    private readonly LoadedBertRun _run;

    private BertPredictor(LoadedBertRun run, Device device) : base(run.Model, run, run.Manifest, device) => _run = run;

    public static BertPredictor Load(string modelDirectory)
    {
        TorchRuntime.Initialize();
        return new BertPredictor(BertRunCheckpoint.Load(modelDirectory), TorchRuntime.Device);
    }

    public int MaxLength => Manifest.MaxLength;
    public BertTextTokenizer Tokenizer => _run.Tokenizer;

    /// <summary>Articles per forward pass; what the resource sizing counts inference activations for.</summary>
    public const int BatchSize = 32;

    protected override int DefaultBatchSize => BatchSize;
    protected override bool BatchesByLength => true;

    /// <summary>The prediction, every layer's and head's attention over the WordPiece tokens, and the attention rollout.</summary>
    public override Explanation Explain(string text)
    {
        var (ids, truncated) = Encode(text, nameof(text));
        int n = ids.Length;
        return Locked(() =>
        {
            using var scope = NewDisposeScope();
            var (x, mask) = BertInputs.Batch([ids], [0], n, _run.Tokenizer.PadId, Device);
            var (logits, attentions) = _run.Model.Forward(x, mask, outputAttentions: true);
            var p = logits.softmax(-1).cpu().data<float>().ToArray();
            var heads = new float[attentions!.Count][][][];
            var averaged = new float[attentions.Count][][];
            var perLayer = new List<Tensor>(attentions.Count);
            for (int l = 0; l < attentions.Count; l++)
            {
                var own = attentions[l][0].cpu();                                  // (heads, n, n)
                heads[l] = Enumerable.Range(0, (int)own.shape[0]).Select(h => Rows(own[h])).ToArray();
                var mean = own.mean([0]);                                          // (n, n)
                averaged[l] = Rows(mean);
                perLayer.Add(mean);
            }
            var tokens = ids.Select(id => _run.Tokenizer.TokenOf((int)id)).ToArray();
            var map = new AttentionMap(tokens, heads, averaged) { Kind = AttentionTokenKind.WordPieces, Rollout = Rows(AttentionRollout(perLayer)) };
            return new Explanation(PredictionOf(p, n, truncated), map);
        });
    }

    /// <summary>
    /// Integrated gradients over the word embeddings, from a baseline that keeps [CLS] and [SEP] and replaces every other
    /// piece by [PAD]'s embedding (the usual reference for BERT); positions and token types stay as they are.
    /// </summary>
    public override TokenAttributions Attribute(string text, int steps = IntegratedGradients.DefaultSteps)
    {
        var (ids, _) = Encode(text, nameof(text));
        int n = ids.Length;
        var tokens = ids.Select(id => _run.Tokenizer.TokenOf((int)id)).ToArray();
        var reference = ids.Select(id => id == _run.Tokenizer.ClsId || id == _run.Tokenizer.SepId ? id : _run.Tokenizer.PadId).ToArray();
        return Locked(() =>
        {
            using var scope = NewDisposeScope();
            var (x, mask) = BertInputs.Batch([ids, reference], [0, 1], n, _run.Tokenizer.PadId, Device); // (2, n): article, reference
            var embedded = _run.Model.Bert.WordEmbeddings(x);                                              // (2, n, H)
            var articleMask = mask[..1];                                                                   // (1, n)
            var (scores, target, delta) = IntegratedGradients.Compute(
                path => _run.Model.LogitsFromWordEmbeddings(path, articleMask.expand(path.shape[0], -1)), embedded[0], embedded[1], steps: steps,
                stepsPerPass: BertSizing.AttributionStepsPerPass(_run.Model.Config, MaxLength, n));
            return new TokenAttributions(tokens, scores, target, steps, delta);
        });
    }

    /// <summary>
    /// Attention rollout (Abnar &amp; Zuidema 2020): each layer's head-averaged attention plus the identity (the residual
    /// connection), rows renormalised to 1, multiplied from the first layer to the last. Input: per layer (n, n).
    /// </summary>
    public static Tensor AttentionRollout(IReadOnlyList<Tensor> headAveraged)
    {
        if (headAveraged.Count == 0) throw new ArgumentException("No layers.", nameof(headAveraged));
        using var scope = NewDisposeScope();
        long n = headAveraged[0].shape[0];
        var identity = eye(n, dtype: headAveraged[0].dtype, device: headAveraged[0].device);
        Tensor? rollout = null;
        foreach (var layer in headAveraged)
        {
            var withResidual = layer + identity;
            withResidual = withResidual / withResidual.sum(-1, keepdim: true);
            rollout = rollout is null ? withResidual : matmul(withResidual, rollout);
        }
        return rollout!.MoveToOuterDisposeScope();
    }

    protected override (long[] Ids, bool Truncated) Encode(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The article text is empty.", name);
        return BertInputs.Encode(_run.Tokenizer, text, MaxLength);
    }

    protected override Tensor Logits(long[][] ids, int[] rows)
    {
        var (x, mask) = BertInputs.Batch(ids, rows, BertInputs.PaddedLength(rows.Max(i => ids[i].Length), MaxLength), _run.Tokenizer.PadId, Device);
        return _run.Model.forward(x, mask);
    }
}
