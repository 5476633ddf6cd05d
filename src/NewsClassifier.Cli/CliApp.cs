using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Cli.Commands;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Data;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Cli;

/// <summary>Builds the host (appsettings.json in the current directory, environment variables such as
/// <c>Storage__DataDirectory</c>), the command tree from <see cref="CliCommands"/>, and runs one command.</summary>
public static class CliApp
{
    /// <param name="configuration">Extra settings layered over the files and environment (tests point the data directory with it).</param>
    /// <param name="input">Standard input (passwords for <c>users</c>); the console's when null.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? configuration = null, CancellationToken cancellationToken = default, TextReader? input = null)
    {
        // The command line goes to System.CommandLine only: handing it to the host as configuration would turn
        // options like --name into settings and make unknown short switches (-h) throw.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        if (configuration is not null) builder.Configuration.AddInMemoryCollection(configuration);
        // EF logs failed commands at Error with the whole SQL; the handler below reports failures once, clearly.
        builder.UseCliLogging(entityFramework: LogLevel.Critical);
        builder.AddNewsData();
        // The application's services without the Jobs layer: the CLI runs each command's work in this process and never
        // starts the host, so hosted services (Torch start-up, recovery) do not run; Torch commands call CliTorch.
        builder.AddNewsApplication();
        builder.Services.AddSingleton<CliTorch>();
        builder.AddNewsAccounts();
        builder.Services.AddSingleton(new CliConsole(output, error) { In = input ?? Console.In });
        // Ctrl+C cancels the command's token; a training run then stops after its current step and is recorded as
        // cancelled. SIGTERM cancels it too, but train puts its run back to the queue (resumable) instead.
        using var signals = new CliSignals(cancellationToken, TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(signals);
        builder.Services.AddCliCommands();

        using var host = builder.Build();
        var root = new RootCommand("NewsClassifier: import news datasets, train topic classifiers, evaluate and classify, headless.");
        foreach (var command in host.Services.GetServices<ICliCommand>()) root.Subcommands.Add(command.Create());
        var parsed = root.Parse(args);
        await SweepPartialDatasetsAsync(host.Services, cancellationToken);
        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = output, Error = error, EnableDefaultExceptionHandler = false,
                    // CliSignals handles SIGINT and SIGTERM (System.CommandLine would cancel alike for both).
                    ProcessTerminationTimeout = null,
                }, signals.Any);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled.");
            return 130;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"error: the database has no schema yet ({e.Message}). Run: newsclassifier migrate");
            return 1;
        }
        catch (Exception e)
        {
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NewsClassifier.Cli").LogError(e, "The command failed");
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>What the web app's start-up sweep does, before any command reads the database: a dead import's hidden
    /// partial dataset (a CLI import killed mid-file, say) is deleted; one a live import holds is left alone. Skipped
    /// while there is no database or no schema yet (migrate creates them).</summary>
    private static async Task SweepPartialDatasetsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!File.Exists(services.GetRequiredService<DataPaths>().DatabasePath)) return;
        try
        {
            await services.GetRequiredService<PartialDatasetSweeper>().SweepAsync(cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // No schema yet, or an older one: migrate comes first, and the next command sweeps.
        }
    }
}

/// <summary>Where commands print results (stdout) and user-facing errors (stderr); swappable for in-process tests.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public TextReader In { get; init; } = Console.In;
}
