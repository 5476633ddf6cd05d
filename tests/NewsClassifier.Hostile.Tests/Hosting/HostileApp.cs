using NewsClassifier.TestSupport;

namespace NewsClassifier.Hostile.Tests.Hosting;

/// <summary>
/// The real app as a child process (<c>dotnet NewsClassifier.Web.dll</c>) on 127.0.0.1 with a fresh data directory,
/// started once per test collection. Before it starts, the real CLI creates one user per role, imports the first
/// <see cref="SampleRows"/> rows of the AG News sample and trains one tiny run on them; once it answers /healthz, each
/// role signs in through the sign-in form and keeps its own cookie-carrying HttpClient, and the run is registered as
/// <see cref="ModelName"/>, so cases can target real ids. The server's output goes to <see cref="ServerLogPath"/>.
/// </summary>
public sealed class HostileApp : IAsyncLifetime
{
    public const string Password = "hostile suite pass phrase";
    public const string DatasetName = "hostile-ag";
    public const string ModelName = "hostile-model";
    public const int SampleRows = 200;

    /// <summary>The header cookie-authenticated API writes must carry (the web app's CookieWriteHeader).</summary>
    public const string WriteHeader = FormSignIn.WriteHeader;

    public static readonly string[] Roles = ["Admin", "Scientist", "Annotator", "Viewer"];

    /// <summary>The tiny model of every run the suite trains (a second or two on CPU).</summary>
    public static readonly string[] TinyModel =
    [
        "--set", "vocab_size=2000", "--set", "max_length=32", "--set", "embed_dim=8", "--set", "key_dim=8",
        "--set", "ff_dim=8", "--set", "dense_units=8", "--set", "batch_size=32",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private WebAppProcess? _server;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("nc-hostile-").FullName;

    /// <summary>Where server paths may be imported from (Import:ServerPathRoots), inside the data directory.</summary>
    public string ImportRoot => Path.Combine(DataDirectory, "imports");

    /// <summary>Scratch files the cases write (outside the import root).</summary>
    public string ScratchDirectory => Path.Combine(DataDirectory, "scratch");

    public string DatabasePath => Path.Combine(DataDirectory, "newsclassifier.db");

    public string ServerLogPath => Path.Combine(DataDirectory, "server.log");

    public Uri BaseAddress { get; private set; } = null!;

    public int DatasetId { get; private set; }
    public int RunId { get; private set; }
    public long[] ArticleIds { get; private set; } = [];
    public int[] LabelIds { get; private set; } = [];

    /// <summary>The signed-in client of <paramref name="role"/> (Admin, Scientist, Annotator, Viewer). Redirects are not followed.</summary>
    public HttpClient Client(string role) => _clients[role];

    /// <summary>A client with no session.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>The server's configuration: environment variables only, so nothing depends on the checkout's appsettings values.</summary>
    private IReadOnlyDictionary<string, string> Environment() => ChildEnvironment.For(DataDirectory, ImportRoot, Password);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ImportRoot);
        Directory.CreateDirectory(ScratchDirectory);
        // The schema first; then the users, the dataset and its run, and the server's start overlap (each is a separate
        // process on the same SQLite file, which serialises their writes).
        Expect(await CliAsync("migrate"), "migrate");
        await Task.WhenAll(CreateUsersAsync(), SeedRunAsync(), StartServerAsync());
        Anonymous = NewClient();
        foreach (var role in Roles) _clients[role] = await SignInAsync(UserOf(role), Password);
        await ReadSeedIdsAsync();
    }

    public static string UserOf(string role) => "hostile-" + role.ToLowerInvariant();

    /// <summary>Runs the real CLI on the server's data directory (same configuration), bounded in time.</summary>
    public async Task<CliResult> CliAsync(params string[] arguments)
    {
        using var cli = ChildProcess.Start(BuiltApps.CliDll, arguments, Environment(), DataDirectory,
            Path.Combine(DataDirectory, $"cli-{Guid.NewGuid():N}.log"));
        var exit = await cli.WaitForExitAsync(CliTimeout);
        return new CliResult(exit, cli.StandardOutput, cli.StandardError);
    }

    /// <summary>The tail of the server's log, for failure messages.</summary>
    public string ServerTail(int lines = 60) => _server?.Process.Tail(lines) ?? "(server not started)";

    /// <summary>Signs in through the sign-in form (<see cref="FormSignIn"/>); WebCases removes the write header to check the refusal.</summary>
    public Task<HttpClient> SignInAsync(string userName, string password) => FormSignIn.SignInAsync(BaseAddress, userName, password, () => ServerTail());

    public HttpClient NewClient() => FormSignIn.NewClient(BaseAddress);

    private Task CreateUsersAsync() =>
        Task.WhenAll(Roles.Select(async role => Expect(await CliAsync("users", "add", UserOf(role), "--role", role), "users add")));

    private async Task SeedRunAsync()
    {
        var sample = Path.Combine(ScratchDirectory, "sample.csv");
        await File.WriteAllLinesAsync(sample, File.ReadLines(SampleData.SamplePath).Take(SampleRows + 1));
        Expect(await CliAsync("import", sample, "--name", DatasetName), "import");
        var train = await CliAsync(["train", "--dataset", DatasetName, "--recipe", "custom", .. TinyModel, "--epochs", "1", "--json"]);
        Expect(train, "train");
        using var json = JsonDocument.Parse(train.Out);
        RunId = json.RootElement.GetProperty("run_id").GetInt32();
    }

    private static void Expect(CliResult result, string what)
    {
        if (result.Exit != 0) throw new InvalidOperationException($"Seeding with the CLI's {what} failed: {result}");
    }

    private async Task StartServerAsync()
    {
        _server = await WebAppProcess.StartAsync(Environment(), ServerLogPath, StartTimeout);
        BaseAddress = _server.BaseAddress;
    }

    private async Task ReadSeedIdsAsync()
    {
        var admin = Client("Admin");
        using (var datasets = JsonDocument.Parse(await admin.GetStringAsync("/api/datasets")))
            DatasetId = datasets.RootElement.EnumerateArray().Single(d => d.GetProperty("name").GetString() == DatasetName).GetProperty("id").GetInt32();
        using (var articles = JsonDocument.Parse(await admin.GetStringAsync($"/api/datasets/{DatasetId}/articles?take=5")))
            ArticleIds = articles.RootElement.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToArray();
        using (var details = JsonDocument.Parse(await admin.GetStringAsync($"/api/datasets/{DatasetId}")))
            LabelIds = details.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("id").GetInt32()).ToArray();
        using var register = await admin.PostAsJsonAsync("/api/models", new { runId = RunId, name = ModelName });
        if (register.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Registering run {RunId} answered {(int)register.StatusCode}: {await register.Content.ReadAsStringAsync()}");
    }

    public Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        Anonymous?.Dispose();
        _server?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what is still open */ }
        return Task.CompletedTask;
    }
}
