using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Registry;

namespace NewsClassifier.Web.Tests.Hosting;

/// <summary>Request bodies are small (Requests:MaxBodyBytes, 1 MB) everywhere but the two upload endpoints.</summary>
public class RequestBodyLimitTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    private const string Limit = "at most 1,048,576 bytes";

    [Fact]
    public async Task A_5_MB_json_body_to_classify_is_refused_with_413_naming_the_limit()
    {
        using var client = await app.ClientAsync(AppRoles.Viewer);
        var json = "{\"text\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";

        using var response = await client.PostAsync("/api/classify", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains("Requests:MaxBodyBytes", problem.GetProperty("detail").GetString());
        Assert.Contains(Limit, problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_without_a_length_is_cut_off_at_the_limit()
    {
        using var client = await app.ClientAsync(AppRoles.Scientist);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"datasetId\":1,\"recipe\":\"" + new string('x', 2 * 1024 * 1024) + "\"}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(Limit, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("[]", await client.GetStringAsync("/api/runs"));
    }

    [Fact]
    public async Task A_large_json_body_to_an_upload_endpoint_keeps_the_small_limit()
    {
        using var client = await app.ClientAsync(AppRoles.Scientist);
        var json = "{\"path\":\"" + new string('p', 2 * 1024 * 1024) + "\"}";

        using var response = await client.PostAsync("/api/pretrained", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("[]", await client.GetStringAsync("/api/pretrained"));
    }

    [Fact]
    public async Task An_upload_above_the_json_limit_reaches_the_archive_check()
    {
        using var client = await app.ClientAsync(AppRoles.Scientist);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[2 * 1024 * 1024]), "file", "model.zip" },
            { new StringContent("big-upload"), "name" },
        };

        using var response = await client.PostAsync("/api/models/import", form);

        // Past the 1 MB limit, refused by the archive reader for what it is, not for its size.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("MaxBodyBytes", await response.Content.ReadAsStringAsync());
        using var scope = app.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ModelRegistry>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public void Kestrel_and_the_blazor_hub_are_bounded_by_default()
    {
        Assert.Equal(1024 * 1024, app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);
        var hub = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;
        var optionsType = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hub));
        var options = (HubOptions)optionsType.GetProperty("Value")!.GetValue(app.Services.GetRequiredService(optionsType))!;
        Assert.InRange(options.MaximumReceiveMessageSize ?? long.MaxValue, 1, 64 * 1024);
    }
}
