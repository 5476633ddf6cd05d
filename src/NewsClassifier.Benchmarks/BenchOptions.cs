using RecipeNames = NewsClassifier.ML.Training.Recipes;

namespace NewsClassifier.Benchmarks;

/// <summary>Command-line options shared by the train and infer benchmarks.</summary>
internal sealed record BenchOptions(int Epochs, double Target, IReadOnlyList<string> Recipes, int Threads, bool NoPeer, string DataPath,
    Dictionary<string, string> Overrides, string? ModelDirectory, bool Full, int PeerEpochs, bool EpochsGiven, string? PeerBlas, bool PeerDefaultMalloc)
{
    public static BenchOptions Parse(string[] args, int defaultEpochs)
    {
        int epochs = defaultEpochs, threads = 0, peerEpochs = 3;
        double target = 0.80;
        var recipes = new List<string> { RecipeNames.CustomLesson, RecipeNames.Custom, RecipeNames.TfidfBaseline };
        bool noPeer = false, full = false, epochsGiven = false;
        string? data = null, model = null, peerBlas = null;
        bool defaultMalloc = false;
        var overrides = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--epochs": epochs = int.Parse(args[++i], CultureInfo.InvariantCulture); epochsGiven = true; break;
                case "--target": target = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--recipes": recipes = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)]; break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--no-peer": noPeer = true; break;
                case "--full": full = true; break;
                case "--peer-epochs": peerEpochs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--data": data = args[++i]; break;
                case "--model": model = args[++i]; break;
                case "--peer-blas": peerBlas = args[++i]; break;
                case "--peer-default-malloc": defaultMalloc = true; break;
                default:
                    int eq = args[i].IndexOf('=');
                    if (eq <= 0) throw new ArgumentException($"Unknown option '{args[i]}'.");
                    overrides[args[i][..eq]] = args[i][(eq + 1)..];
                    break;
            }
        }
        return new BenchOptions(epochs, target, recipes, threads, noPeer, data ?? SharedFiles.AgNewsSample(), overrides, model, full, peerEpochs, epochsGiven, peerBlas, defaultMalloc);
    }

    /// <summary>The PyTorch peer's setup: our malloc tuning and thread count, OpenBLAS when it is there.</summary>
    public PeerEnvironment Peer => PeerEnvironment.Resolve(PeerBlas, PeerDefaultMalloc, Threads);
}
