using Microsoft.Extensions.DependencyInjection;

namespace NewsClassifier.Cli.Commands;

public static class CliCommands
{
    /// <summary>The command list, in help order.</summary>
    public static IServiceCollection AddCliCommands(this IServiceCollection services)
    {
        services.AddTransient<ICliCommand, MigrateCommand>();
        services.AddTransient<ICliCommand, ImportCommand>();
        services.AddTransient<ICliCommand, DatasetsCommand>();
        services.AddTransient<ICliCommand, TrainCommand>();
        services.AddTransient<ICliCommand, EvaluateCommand>();
        services.AddTransient<ICliCommand, ClassifyCommand>();
        services.AddTransient<ICliCommand, SummaryCommand>();
        services.AddTransient<ICliCommand, TokenizeCommand>();
        services.AddTransient<ICliCommand, PretrainedCommand>();
        services.AddTransient<ICliCommand, BertFeaturesCommand>();
        services.AddTransient<ICliCommand, ScheduleCommand>();
        services.AddTransient<ICliCommand, UsersCommand>();
        services.AddTransient<ICliCommand, TokensCommand>();
        services.AddTransient<ICliCommand, WorkerCommand>();
        return services;
    }
}
