using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Web.Hosting;

/// <summary>
/// The key ring that protects sign-in cookies and antiforgery tokens, kept in <see cref="DataPaths.KeysDirectory"/> under
/// one application name: a restart does not sign everyone out, and web nodes sharing Storage:ArtifactsDirectory accept
/// each other's cookies (a request may reach any node behind the proxy). The keys are plain XML files: the folder must
/// be readable by the app's user only.
/// </summary>
public static class DataProtectionKeys
{
    public const string ApplicationName = "NewsClassifier";

    public static WebApplicationBuilder AddNewsDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddOptions<KeyManagementOptions>().Configure<DataPaths, ILoggerFactory>((keys, paths, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(paths.KeysDirectory), logs));
        return builder;
    }
}
