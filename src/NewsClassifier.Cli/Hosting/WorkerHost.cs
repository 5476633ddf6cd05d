using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Data;
using NewsClassifier.Jobs;
using NewsClassifier.Jobs.Servers;

namespace NewsClassifier.Cli.Hosting;

/// <summary>
/// The host a <c>worker</c> runs: the web app's services and job servers (storage, recovery, lease sweep, schedule
/// timers, Torch start-up) without the web UI. Its configuration is the CLI's (appsettings.json in the current
/// directory, environment, a test's overrides) with the Jobs worker counts of <see cref="WorkerQueues"/> on top.
/// </summary>
internal static class WorkerHost
{
    public static IHost Build(IConfiguration cliConfiguration, WorkerQueues queues, JobsOptions configured)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            // Everything comes from the CLI's configuration, which already layered the files and the environment.
            DisableDefaults = true,
        });
        builder.Configuration.AddConfiguration(cliConfiguration);
        builder.Configuration.AddInMemoryCollection(queues.Settings(configured));
        builder.UseCliLogging(entityFramework: LogLevel.Warning);
        builder.AddNewsData();
        builder.AddNewsApplication();
        builder.AddNewsAccounts();
        builder.AddNewsJobs(JobServerName.WorkerRole);
        return builder.Build();
    }
}
