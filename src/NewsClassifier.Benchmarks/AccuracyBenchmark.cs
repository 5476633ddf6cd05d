using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// What each recipe reaches on the AG News sample with its defaults: one stratified 80/20 split (seed 42, or
/// <c>--split-seed</c> to check that a default tuned on that split holds on others), the best
/// epoch's validation accuracy and macro-F1, wall time and training articles/s; the BERT recipes start from the real
/// pretrained checkpoint (<see cref="RealBertCheckpoint"/>), so their figures are those of pretrained weights, not random ones.
/// </summary>
public sealed class AccuracyBenchmark : IBenchmark
{
    private static readonly string[] DefaultRecipes =
        [Recipes.TfidfBaseline, Recipes.CustomLesson, Recipes.Custom, BertRecipes.Frozen, BertRecipes.FineTune];

    public string Name => "accuracy";

    public string Description => "every recipe's validation accuracy, macro-F1, time and articles/s on the sample, BERT from the real checkpoint; " +
                                 "[--recipes a,b] [--pretrained DIR] [--threads N] [--data CSV] [--split-seed N] [key=value ...]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string[] recipes = DefaultRecipes;
        string? pretrained = null, dataPath = null;
        int threads = 0, splitSeed = 42;
        var overrides = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--recipes": recipes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--pretrained": pretrained = Next(); break;
                case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--data": dataPath = Next(); break;
                case "--split-seed": splitSeed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default:
                    var eq = args[i].IndexOf('=');
                    if (eq <= 0) throw new ArgumentException($"Unknown option '{args[i]}'.");
                    overrides[args[i][..eq]] = args[i][(eq + 1)..];
                    break;
            }
        }
        if (recipes.FirstOrDefault(r => !RecipeCatalog.IsKnown(r)) is { } unknown)
            throw new ArgumentException($"Unknown recipe '{unknown}'; known: {string.Join(", ", RecipeCatalog.Names)}.");

        TorchRuntime.Initialize(new TorchOptions { Device = "cpu", Threads = threads });
        dataPath ??= SharedFiles.AgNewsSample();
        var data = AgNewsSample.Load(dataPath);
        var (train, validation) = StratifiedSplit.Split(data.Labels, 0.2, splitSeed);
        BenchEnvironment.Print($"accuracy: {data.Texts.Count} articles from {dataPath}; {train.Length} train / {validation.Length} validation (split seed {splitSeed})");
        if (recipes.Any(r => RecipeCatalog.HasParameter(r, "pretrained"))) pretrained ??= RealBertCheckpoint.EnsureBuilt();

        var table = new List<string[]>();
        foreach (var recipe in recipes)
        {
            // key=value overrides go to the recipes that have that key (epochs to all, pooling to BERT only).
            var given = overrides.Where(o => RecipeCatalog.HasParameter(recipe, o.Key)).ToDictionary();
            if (pretrained is not null && RecipeCatalog.HasParameter(recipe, "pretrained")) given.TryAdd("pretrained", pretrained);
            var parsed = RecipeCatalog.Parse(recipe, given);
            if (!parsed.IsValid)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, parsed.Errors));
                return Task.FromResult(2);
            }
            Console.WriteLine();
            Console.WriteLine($"== {recipe}: {string.Join(", ", parsed.Value!.Values.Select(kv => $"{kv.Key}={kv.Value}"))}");
            var artifacts = Path.Combine(Path.GetTempPath(), "nc-bench-accuracy", Guid.NewGuid().ToString("N"));
            try
            {
                var result = RecipeCatalog.Train(parsed.Value, data, train, validation, artifacts, new EpochPrinter(), cancellationToken);
                table.Add([recipe, result.Best.ValidationAccuracy.ToString("F4"), result.Best.Validation.MacroF1.ToString("F4"),
                    $"{result.Best.Epoch} of {result.History.Count}", result.Elapsed.TotalSeconds.ToString("F1"), result.ArticlesPerSecond.ToString("F0")]);
            }
            finally
            {
                try { Directory.Delete(artifacts, recursive: true); } catch (IOException) { }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| recipe | validation accuracy | macro-F1 | best epoch | wall s | train articles/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in table) Console.WriteLine($"| {string.Join(" | ", row)} |");
        BenchEnvironment.Print("done");
        return Task.FromResult(0);
    }

    private sealed class EpochPrinter : ITrainingObserver
    {
        public void OnEpochEnd(EpochReport report) =>
            Console.WriteLine($"  epoch {report.Epoch}/{report.Epochs}: val acc {report.ValidationAccuracy:F4} macro-F1 {report.Validation.MacroF1:F4} " +
                              $"({report.Elapsed.TotalSeconds:F0} s, {report.ArticlesPerSecond:F0} articles/s){(report.IsBest ? " best" : "")}");

        public void OnLog(string message) { }
    }
}
