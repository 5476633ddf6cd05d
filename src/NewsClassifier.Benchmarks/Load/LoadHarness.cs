using System.Security.Cryptography;

namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// What the benchmarks against the running app share: a seeded temporary data directory (an Admin, the AG News sample),
/// the Release web app started on it on loopback with only the printed settings changed, and the Admin signed in.
/// Disposing stops nothing gracefully: call <see cref="WebAppProcess.StopAsync"/> first for the stop to be reported.
/// </summary>
internal sealed class LoadHarness(BenchWorkspace workspace, WebAppProcess app, AppSession admin, string token, int datasetId,
    IReadOnlyDictionary<string, string> settings)
    : IDisposable
{
    public BenchWorkspace Workspace => workspace;
    public WebAppProcess App => app;
    public AppSession Admin => admin;
    /// <summary>The Admin's personal access token: what a machine client sends instead of the cookie.</summary>
    public string Token => token;
    public int DatasetId => datasetId;
    public IReadOnlyDictionary<string, string> Settings => settings;

    public static async Task<LoadHarness> StartAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var webDll = WebAppProcess.FindDll(options.WebDll);
        var contentRoot = RepositoryRoot(webDll);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        var workspace = await BenchWorkspace.CreateAsync(cancellationToken, LoadSeed.AddServices);
        var (datasetId, articles, token) = await LoadSeed.WriteAsync(workspace, options.DataPath, password, cancellationToken);
        Print($"data directory {workspace.Directory}: Admin '{LoadSeed.UserName}', dataset {datasetId} = {articles:N0} articles from {options.DataPath}");

        var settings = AppSettings(workspace.Directory, options);
        Console.WriteLine("web app settings (environment variables; everything else is the repository's appsettings.json):");
        foreach (var (key, value) in settings) Console.WriteLine($"  {key}={value}");
        Console.WriteLine("  RateLimits:Classify is raised from its default of 600 per 60 s per user: every request here is one user's.");
        Console.WriteLine($"This machine has {Environment.ProcessorCount} cores: the web app and this load generator share them.");

        var app = await WebAppProcess.StartAsync(webDll, contentRoot, settings, Path.Combine(workspace.Directory, "server.log"), cancellationToken);
        Print($"web app pid {app.Id} on {app.BaseAddress} (log {app.LogPath})");
        var admin = await AppSession.SignInAsync(app.BaseAddress, LoadSeed.UserName, password, cancellationToken);
        return new LoadHarness(workspace, app, admin, token, datasetId, settings);
    }

    /// <summary>Trains a run of <paramref name="recipe"/> (default settings) and promotes it as <paramref name="modelName"/>'s
    /// production version; returns the run id and a line describing the model.</summary>
    public async Task<(int RunId, string Description)> TrainAndPromoteAsync(string recipe, string modelName, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var runId = await Admin.StartRunAsync(DatasetId, recipe, new Dictionary<string, string>(), cancellationToken);
        var trained = await Admin.WaitRunAsync(runId, r => r.State == "Succeeded", TimeSpan.FromMinutes(20), cancellationToken);
        if (trained.State != "Succeeded") throw new InvalidOperationException($"Run {runId} ended {trained.State}: {trained.Error}\n{App.Tail()}");
        var version = await Admin.PromoteAsync(runId, modelName, cancellationToken);
        var description = $"{modelName} v{version}@production = run {runId} ({recipe}, default settings, validation accuracy " +
                          $"{trained.ValidationAccuracy?.ToString("P1", CultureInfo.InvariantCulture) ?? "n/a"}, trained in {sw.Elapsed.TotalSeconds:F0} s)";
        Print("model: " + description);
        return (runId, description);
    }

    /// <summary>One level of a load against the app, with the CPU shares while it ran.</summary>
    public async Task<LevelResult> MeasureAsync(ClassifyLoad load, string phase, int clients, LoadOptions options, CancellationToken cancellationToken)
    {
        var cpu = CpuShare.Start(App.Id);
        var sample = await load.RunAsync(clients, options.Warmup, options.Duration, cancellationToken);
        return LevelResult.From(phase, clients, sample.Seconds, sample.LatenciesMs, sample.Errors, sample.Statuses, [], null, null, cpu.Stop());
    }

    /// <summary>The web app's configuration for the benchmark: only what differs from appsettings.json, printed in full.</summary>
    private static Dictionary<string, string> AppSettings(string dataDirectory, LoadOptions options) => new(StringComparer.Ordinal)
    {
        ["Storage__DataDirectory"] = dataDirectory,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["RateLimits__Classify__PermitLimit"] = "1000000",
        ["RateLimits__Classify__WindowSeconds"] = "1",
        ["Torch__Threads"] = options.TorchThreads.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The folder holding NewsClassifier.sln above the web app's build output: its appsettings.json is the app's.</summary>
    private static string RepositoryRoot(string webDll)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(webDll)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No NewsClassifier.sln above {webDll}: the web app needs the repository as its content root.");
    }

    public static string Machine(string sharedBy)
    {
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"{Environment.ProcessorCount} cores shared by {sharedBy}, {Environment.OSVersion}, .NET {Environment.Version}, loadavg at the end {load}";
    }

    public static void Print(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    public void Dispose()
    {
        admin.Dispose();
        app.Dispose();
        workspace.Dispose();
    }
}
