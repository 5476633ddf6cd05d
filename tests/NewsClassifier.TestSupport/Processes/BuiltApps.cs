using System.Reflection;

namespace NewsClassifier.TestSupport.Processes;

/// <summary>Where the build put the web app and the CLI (the csproj bakes both paths in), and the dotnet host that runs them.
/// The suite runs these build outputs as processes, so it tests what ships rather than an in-process factory.</summary>
public static class BuiltApps
{
    public static string WebDll => Find("WebDll");

    public static string CliDll => Find("CliDll");

    /// <summary>The dotnet CLI sets DOTNET_HOST_PATH for the test host; outside it, whatever dotnet is on PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Find(string key)
    {
        var path = typeof(BuiltApps).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        return File.Exists(path) ? Path.GetFullPath(path)
            : throw new InvalidOperationException($"{path} is missing: build the project first (its project references build it).");
    }
}
