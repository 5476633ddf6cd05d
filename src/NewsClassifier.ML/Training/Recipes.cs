namespace NewsClassifier.ML.Training;

/// <summary>
/// Recipe names that callers spell out (forms, benchmarks, tests). Each family lists its own in
/// <see cref="IRecipeFamily.RecipeNames"/> and the BERT ones are in <see cref="Bert.BertRecipes"/>; every recipe is in
/// <see cref="RecipeCatalog.Names"/>.
/// </summary>
public static class Recipes
{
    /// <summary>The Keras reference model as it is: no masking, every article padded to 256, Adam 1e-3, batch 128, 1 epoch (see RECIPES.md).</summary>
    public const string CustomLesson = "custom-lesson";

    /// <summary>Our default: masking, length buckets, AdamW with warm-up and cosine decay, early stopping.</summary>
    public const string Custom = "custom";

    /// <summary>TF-IDF n-grams + a linear model (ML.NET): a cheap reference for every comparison; see <see cref="Baseline.TfidfBaselineTrainer"/>.</summary>
    public const string TfidfBaseline = "tfidf-baseline";
}
