namespace NewsClassifier.Benchmarks;

/// <summary>Options of the bert benchmark (see its usage line).</summary>
internal sealed record BertBenchOptions(int Steps, int Warmup, int Batch, int MaxLength, int Threads, int SingleRuns, int InferArticles, int RealSteps,
    double LearningRate, int Seed, bool NoPeer, bool PeerDefaultMalloc, bool EquivalenceOnly, bool SkipEquivalence, bool Keep, string? PeerBlas, string DataPath, string VocabPath)
{
    public static BertBenchOptions Parse(string[] args)
    {
        int steps = 10, realSteps = 6, warmup = 2, batch = 32, maxLength = 128, threads = 0, singleRuns = 200, inferArticles = 1024, seed = 42;
        double lr = 5e-5;
        bool noPeer = false, defaultMalloc = false, equivalenceOnly = false, skipEquivalence = false, keep = false;
        string? data = null, vocab = null, peerBlas = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--steps": steps = Int(); break;
                case "--warmup": warmup = Int(); break;
                case "--real-steps": realSteps = Int(); break;
                case "--batch": batch = Int(); break;
                case "--max-length": maxLength = Int(); break;
                case "--threads": threads = Int(); break;
                case "--single-runs": singleRuns = Int(); break;
                case "--infer-articles": inferArticles = Int(); break;
                case "--seed": seed = Int(); break;
                case "--lr": lr = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-peer": noPeer = true; break;
                case "--peer-default-malloc": defaultMalloc = true; break;
                case "--equivalence": equivalenceOnly = true; break;
                case "--no-equivalence": skipEquivalence = true; break;
                case "--keep": keep = true; break;
                case "--peer-blas": peerBlas = Next(); break;
                case "--data": data = Next(); break;
                case "--vocab": vocab = Next(); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if (realSteps < 0) throw new ArgumentException("--real-steps must be at least 0 (0 skips the real checkpoint).");
        if (steps < 1 || warmup < 0 || batch < 1 || singleRuns < 1 || inferArticles < 1) throw new ArgumentException("--steps, --batch, --single-runs and --infer-articles must be at least 1, --warmup at least 0.");
        if (maxLength is < 2 or > 512) throw new ArgumentException("--max-length must be in [2, 512] (BERT's position table).");
        return new BertBenchOptions(steps, warmup, batch, maxLength, threads, singleRuns, inferArticles, realSteps, lr, seed, noPeer, defaultMalloc,
            equivalenceOnly, skipEquivalence, keep, peerBlas, data ?? SharedFiles.AgNewsSample(), vocab ?? SharedFiles.BertVocab());
    }
}
