using NewsClassifier.Data.Storage;

namespace NewsClassifier.Cli.Commands;

/// <summary><c>migrate</c>: creates or upgrades the database to the newest schema.</summary>
public sealed class MigrateCommand(DatabaseMigrator migrator, DataPaths paths, CliConsole console) : ICliCommand
{
    public Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database to the newest schema.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var applied = await migrator.MigrateAsync(cancellationToken);
            await console.Out.WriteLineAsync(applied.Count == 0
                ? $"Database {paths.DatabasePath} is up to date."
                : $"Database {paths.DatabasePath}: applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return 0;
        });
        return command;
    }
}
