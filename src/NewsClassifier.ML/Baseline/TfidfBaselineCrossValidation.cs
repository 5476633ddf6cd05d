using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace NewsClassifier.ML.Baseline;

/// <summary>
/// Out-of-fold predictions of the <c>tfidf-baseline</c> recipe: the articles are split into k stratified folds and each
/// fold is predicted by a model fitted on the other k-1, so every article's prediction comes from a model that never saw
/// it (what label-error finding needs: a model scoring its own training articles agrees with their labels, wrong ones
/// included). Nothing is saved. Seeded folds and the single-threaded solver: same seed, same data => same predictions.
/// </summary>
public static class TfidfBaselineCrossValidation
{
    public const int MinFolds = 2;
    public const int MaxFolds = 20;

    /// <summary>One probability vector per article (in label-ordinal order). <paramref name="foldDone"/> is told how many
    /// folds are finished after each one.</summary>
    public static float[][] OutOfFold(IReadOnlyList<string> texts, IReadOnlyList<int> labels, int classes, int folds, BaselineParameters p,
        Action<int>? foldDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        if (texts.Count != labels.Count) throw new ArgumentException("One label per text.", nameof(labels));
        if (folds < MinFolds || folds > MaxFolds) throw new ArgumentOutOfRangeException(nameof(folds), $"Between {MinFolds} and {MaxFolds} folds.");
        if (texts.Count < folds) throw new ArgumentException($"{folds} folds need at least {folds} articles.", nameof(texts));
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), "At least two classes.");
        if (labels.Any(l => l < 0 || l >= classes)) throw new ArgumentException($"Labels are ordinals 0..{classes - 1}.", nameof(labels));

        var fold = Folds(labels, folds, p.Seed);
        var result = new float[texts.Count][];
        for (int f = 0; f < folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var train = Enumerable.Range(0, texts.Count).Where(i => fold[i] != f).ToList();
            var held = Enumerable.Range(0, texts.Count).Where(i => fold[i] == f).ToList();
            var ml = new MLContext(p.Seed + f);
            var rows = TfidfBaselineModel.Rows(ml, train.Select(i =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new BaselineArticle { Text = texts[i], Label = (uint)labels[i] };
            }), classes);
            var pipeline = TfidfBaselineTrainer.Pipeline(ml, p);
            ITransformer model;
            try { model = pipeline.Fit(rows); }
            catch (Exception) when (cancellationToken.IsCancellationRequested) { throw new OperationCanceledException(cancellationToken); }

            // The held-out fold's labels are not read by the scorer; the key column only has to be there for the schema.
            var heldRows = TfidfBaselineModel.Rows(ml, held.Select(i => new BaselineArticle { Text = texts[i], Label = 0 }).ToList(), classes);
            var scores = ml.Data.CreateEnumerable<BaselineScore>(model.Transform(heldRows), reuseRowObject: false).ToList();
            for (int r = 0; r < held.Count; r++) result[held[r]] = scores[r].Score;
            foldDone?.Invoke(f + 1);
        }
        return result;
    }

    /// <summary>Fold of each article: every class's articles shuffled (seeded) and dealt round-robin, so each fold has
    /// about 1/k of every class.</summary>
    public static int[] Folds(IReadOnlyList<int> labels, int folds, int seed)
    {
        var fold = new int[labels.Count];
        var random = new Random(seed);
        int next = 0;
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            // Continue dealing where the previous class stopped, so small classes do not all land in fold 0.
            foreach (var i in members) fold[i] = next++ % folds;
        }
        return fold;
    }
}
