namespace NewsClassifier.ML.Models;

/// <summary>
/// Everything that fixes the shape of the custom transformer; passed to every module and saved in the
/// checkpoint's config.json so a model folder can be rebuilt without the recipe that trained it.
/// Defaults are the <c>custom-lesson</c> model, the Keras reference (659,592 parameters; see RECIPES.md).
/// </summary>
public sealed record CustomTransformerConfig
{
    public int VocabSize { get; init; } = 20000;
    public int MaxLength { get; init; } = 256;
    public int EmbedDim { get; init; } = 32;
    public int NumHeads { get; init; } = 2;
    /// <summary>Width of each head (Keras <c>key_dim</c>), not embed/heads as in PyTorch.</summary>
    public int KeyDim { get; init; } = 32;
    public int FfDim { get; init; } = 32;
    public double Dropout { get; init; } = 0.1;
    public int NumBlocks { get; init; } = 1;
    public int DenseUnits { get; init; } = 20;
    public int NumClasses { get; init; } = 4;
    public double LayerNormEps { get; init; } = 1e-6;
    /// <summary>Padding (id 0) is masked in attention keys and pooling. The Keras reference (<c>custom-lesson</c>) does not mask.</summary>
    public bool MaskPadding { get; init; }

    public static CustomTransformerConfig Lesson { get; } = new();

    public CustomTransformerConfig Validate()
    {
        void Positive(int value, string name)
        {
            if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
        Positive(VocabSize, nameof(VocabSize));
        Positive(MaxLength, nameof(MaxLength));
        Positive(EmbedDim, nameof(EmbedDim));
        Positive(NumHeads, nameof(NumHeads));
        Positive(KeyDim, nameof(KeyDim));
        Positive(FfDim, nameof(FfDim));
        Positive(NumBlocks, nameof(NumBlocks));
        Positive(DenseUnits, nameof(DenseUnits));
        if (NumClasses < 2) throw new ArgumentOutOfRangeException(nameof(NumClasses), NumClasses, "NumClasses must be at least 2.");
        if (Dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        if (LayerNormEps <= 0) throw new ArgumentOutOfRangeException(nameof(LayerNormEps), LayerNormEps, "LayerNormEps must be positive.");
        return this;
    }
}
