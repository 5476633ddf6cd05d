namespace NewsClassifier.Cli.Tests;

/// <summary>The CLI's entry point in-process (the code path of Program.cs) with stdout/stderr captured, on a given data directory.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string dataDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory });
        return (exit, output.ToString(), error.ToString());
    }
}
