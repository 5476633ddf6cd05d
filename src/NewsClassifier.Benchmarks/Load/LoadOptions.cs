namespace NewsClassifier.Benchmarks.Load;

/// <summary>Options of the <c>load</c> benchmark. Defaults: levels 1, 16, 64; 20 s measured per level after a 3 s warm-up.</summary>
internal sealed record LoadOptions(
    IReadOnlyList<int> Levels,
    TimeSpan Duration,
    TimeSpan Warmup,
    string DataPath,
    string? WebDll,
    string JsonPath,
    int TorchThreads,
    int TrainingEpochs)
{
    public static LoadOptions Parse(string[] args)
    {
        IReadOnlyList<int> levels = [1, 16, 64];
        double duration = 20, warmup = 3;
        int torchThreads = 0, epochs = 1000;
        string? data = null, webDll = null, json = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--levels": levels = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Positive(s, "--levels"))]; break;
                case "--duration": duration = Seconds(Next(), "--duration"); break;
                case "--warmup": warmup = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--data": data = Next(); break;
                case "--web-dll": webDll = Next(); break;
                case "--json": json = Next(); break;
                case "--torch-threads": torchThreads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--epochs": epochs = Positive(Next(), "--epochs"); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if (levels.Count == 0) throw new ArgumentException("--levels needs at least one concurrency.");
        if (warmup < 0) throw new ArgumentException("--warmup must be 0 or more seconds.");
        if (torchThreads < 0) throw new ArgumentException("--torch-threads must be 0 (libtorch's default) or more.");
        return new LoadOptions(levels, TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(warmup), data ?? SharedFiles.AgNewsSample(), webDll,
            json ?? Path.Combine(Path.GetTempPath(), $"newsclassifier-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json"), torchThreads, epochs);
    }

    private static int Positive(string value, string option) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
            : throw new ArgumentException($"{option} takes positive whole numbers, not '{value}'.");

    private static double Seconds(string value, string option) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s
            : throw new ArgumentException($"{option} takes a positive number of seconds, not '{value}'.");
}
