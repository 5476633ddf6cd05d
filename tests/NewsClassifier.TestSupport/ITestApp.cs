namespace NewsClassifier.TestSupport;

/// <summary>A running application the tests reach through its services: the web app (WebApplicationFactory) or the
/// plain host of the application tests. Both put their files in <see cref="DataDirectory"/>.</summary>
public interface ITestApp
{
    IServiceProvider Services { get; }

    string DataDirectory { get; }
}
