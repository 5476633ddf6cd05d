namespace NewsClassifier.Cli.Commands;

/// <summary>One CLI command: a DI-resolved class that builds its System.CommandLine <see cref="Command"/> with an
/// action. Adding a command = one class + one line in <see cref="CliCommands"/>.</summary>
public interface ICliCommand
{
    Command Create();
}
