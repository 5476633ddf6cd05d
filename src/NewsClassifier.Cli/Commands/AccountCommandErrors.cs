using NewsClassifier.Application.Accounts;

namespace NewsClassifier.Cli.Commands;

/// <summary>Account errors (unknown user, role too strong, last Admin...) are the user's to fix: one line on stderr, exit code 1.</summary>
public static class AccountCommandErrors
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (AccountException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
