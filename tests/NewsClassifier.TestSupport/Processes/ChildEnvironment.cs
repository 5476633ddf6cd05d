namespace NewsClassifier.TestSupport.Processes;

/// <summary>
/// The configuration every test-started web app or CLI gets, as environment variables only, so nothing depends on the
/// checkout's appsettings values: its own data directory, production mode, one Torch thread and workstation GC (several
/// children share two cores), plain console logs the tests read.
/// </summary>
public static class ChildEnvironment
{
    public static Dictionary<string, string> For(string dataDirectory, string? importRoot = null, string? password = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__DataDirectory"] = dataDirectory,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Torch__Threads"] = "1",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["DOTNET_gcServer"] = "0",
        };
        if (importRoot is not null) environment["Import__ServerPathRoots__0"] = importRoot;
        if (password is not null) environment["NEWSCLASSIFIER_PASSWORD"] = password;
        return environment;
    }
}
