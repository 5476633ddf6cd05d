using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NewsClassifier.Cli.Hosting;

/// <summary>Logging of every host the CLI builds (its commands' and a worker's): one line per entry, all on stderr, so
/// stdout carries only results (clean JSON with --json, the worker's ready line).</summary>
internal static class CliLogging
{
    /// <param name="entityFramework">The lowest EF level logged: commands report their own failures once, clearly (Critical), a
    /// worker has no command to do that (Warning).</param>
    public static void UseCliLogging(this IHostApplicationBuilder builder, LogLevel entityFramework)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", entityFramework);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
    }
}
