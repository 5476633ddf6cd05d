using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Web.Tests;

/// <summary>A part that is down turns /healthz into a 503 that names it (own app instance: it stops parts).</summary>
public class HealthDownTests : IClassFixture<NewsAppFactory>
{
    private readonly NewsAppFactory _app;

    public HealthDownTests(NewsAppFactory app) => _app = app;

    [Fact]
    public async Task Healthz_answers_503_naming_the_job_servers_when_they_are_stopped()
    {
        using var client = _app.CreateClient();
        var hangfireServers = _app.Services.GetServices<IHostedService>()
            .Where(s => s.GetType().FullName!.StartsWith("Hangfire", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(hangfireServers);
        foreach (var server in hangfireServers)
        {
            await server.StopAsync(CancellationToken.None);
        }
        // What the storage shows once stopped servers time out: no server at all.
        var storage = _app.Services.GetRequiredService<Hangfire.JobStorage>();
        using (var connection = storage.GetConnection())
        {
            foreach (var server in storage.GetMonitoringApi().Servers()) connection.RemoveServer(server.Name);
        }

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("unhealthy", json.RootElement.GetProperty("jobs").GetProperty("status").GetString());
        Assert.Equal("healthy", json.RootElement.GetProperty("database").GetProperty("status").GetString());
    }
}
