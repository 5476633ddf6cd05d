namespace NewsClassifier.ML.Training;

/// <summary>What a recipe parameter holds, so a form can offer the matching field (a switch, a select, a number box).</summary>
public enum ParameterKind
{
    /// <summary>Free text (a BERT recipe's <c>pretrained</c> folder).</summary>
    Text,
    Integer,
    /// <summary>A real number.</summary>
    Number,
    Boolean,
    /// <summary>One of <see cref="RecipeParameter.Choices"/>.</summary>
    Choice,
}
