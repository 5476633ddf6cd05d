using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// Hugging Face <c>BertForSequenceClassification</c>: <c>bert.*</c> (<see cref="BertModel"/>), dropout on the pooled
/// output, then <c>classifier</c> (H -> labels). The Keras form of the BERT recipes (Dropout(0.1) + Dense(4) on
/// <c>pooled_output</c>) are the same graph, so all three BERT recipes train this module; they differ in what is frozen
/// and how it is optimised. Logits, not probabilities (cross-entropy takes logits).
/// </summary>
public sealed class BertForSequenceClassification : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertModel bert;
    private readonly SeededDropout dropout;
    private readonly Linear classifier;

    public BertForSequenceClassification(BertConfig config, int numLabels, double? classifierDropout = null, long seed = 42) : base("bert_for_sequence_classification")
    {
        if (numLabels < 2) throw new ArgumentOutOfRangeException(nameof(numLabels), numLabels, "At least two labels are needed.");
        var generator = Generator = new Generator((ulong)seed);
        NumLabels = numLabels;
        bert = new BertModel(config, generator);
        dropout = new SeededDropout(classifierDropout ?? config.HiddenDropoutProb, generator);
        classifier = nn.Linear(config.HiddenSize, numLabels);
        BertInit.Normal(classifier, generator);
        RegisterComponents();
    }

    public BertModel Bert => bert;

    /// <summary>Draws the initial head weights and every dropout mask; its state is part of a resume checkpoint.</summary>
    public Generator Generator { get; }
    public BertConfig Config => bert.Config;
    public int NumLabels { get; }

    /// <summary>The head's parameters (what a frozen-body recipe trains).</summary>
    public IEnumerable<Parameter> HeadParameters() => classifier.parameters();

    public override Tensor forward(Tensor inputIds, Tensor attentionMask) => Forward(inputIds, attentionMask).Logits;

    /// <summary>
    /// The head alone: dropout then classifier on pooled outputs (B, H) computed earlier. A frozen body in eval mode gives
    /// the same pooled output every time, so the frozen recipes compute it once per article and train through this.
    /// </summary>
    public Tensor ClassifyPooled(Tensor pooledOutput) => classifier.forward(dropout.forward(pooledOutput));

    /// <summary>Logits (B, labels) from word embeddings (B, T, H) instead of ids, for gradients with respect to the input.</summary>
    public Tensor LogitsFromWordEmbeddings(Tensor wordEmbeddings, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        using var outputs = bert.ForwardFromWordEmbeddings(wordEmbeddings, attentionMask);
        return classifier.forward(dropout.forward(outputs.PooledOutput)).MoveToOuterDisposeScope();   // (B, labels)
    }

    /// <returns>Logits (B, labels) and, when asked, the body's attention probabilities per layer (B, heads, T, T).</returns>
    public (Tensor Logits, IReadOnlyList<Tensor>? Attentions) Forward(Tensor inputIds, Tensor attentionMask, Tensor? tokenTypeIds = null, bool outputAttentions = false)
    {
        using var scope = NewDisposeScope();
        var outputs = bert.Forward(inputIds, attentionMask, tokenTypeIds, outputAttentions);
        var logits = classifier.forward(dropout.forward(outputs.PooledOutput));            // (B, labels)
        if (outputs.Attentions is not null) foreach (var t in outputs.Attentions) t.MoveToOuterDisposeScope();
        return (logits.MoveToOuterDisposeScope(), outputs.Attentions);
    }
}
