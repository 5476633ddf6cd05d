using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using NewsClassifier.Application.Webhooks;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>An Admin registers a receiver on 127.0.0.1 (allow-listed for these tests), reveals the secret, sends a test event
/// and sees the delivery succeed in the log, with its try; the receiver got a body signed with that secret. Screenshots
/// at 1440x900 go to a temp folder (nc-webhook-shots).</summary>
public class WebhooksFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private sealed record Received(string Id, string Timestamp, string Signature, string Body);

    [Fact]
    public async Task An_Admin_registers_an_endpoint_sends_a_test_and_sees_the_signed_delivery_in_the_log()
    {
        var received = new ConcurrentQueue<Received>();
        await using var receiver = await StartReceiverAsync(received);
        var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

        var page = await app.OpenAsync("/admin/webhooks");
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.GetByTestId("no-endpoints")).ToBeVisibleAsync();
        await ShootAsync(page, "webhooks-empty.png");

        await page.GetByTestId("add-endpoint").ClickAsync();
        await BrowserApp.Field(page, "endpoint-url").FillAsync("http://10.0.0.7/hook");
        await page.GetByTestId("endpoint-events").GetByText("alias.moved").ClickAsync();
        await page.GetByTestId("save-endpoint").ClickAsync();
        await Expect(page.GetByTestId("endpoint-error")).ToContainTextAsync("a private address"); // refused, the dialog stays
        await ShootAsync(page, "webhooks-refused.png");
        await BrowserApp.Field(page, "endpoint-url").FillAsync(url);
        await BrowserApp.Field(page, "endpoint-description").FillAsync("Newsroom CMS");
        await page.GetByTestId("save-endpoint").ClickAsync();

        var row = page.GetByTestId("endpoint-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Newsroom CMS");
        await Expect(row).ToContainTextAsync("run.finished");
        await Expect(row).ToContainTextAsync("alias.moved");
        await page.GetByTestId("reveal-secret").ClickAsync();
        await Expect(page.GetByTestId("secret-value")).Not.ToContainTextAsync("•"); // the mask is replaced by the secret
        var secret = (await page.GetByTestId("secret-value").TextContentAsync())!.Trim();
        Assert.StartsWith("whsec_", secret);

        await page.GetByTestId("send-test").ClickAsync();
        var delivery = page.GetByTestId("delivery-row");
        await Expect(delivery).ToHaveCountAsync(1);
        await Expect(delivery.GetByTestId("delivery-state")).ToHaveTextAsync("succeeded", new() { Timeout = 20_000 });
        await Expect(delivery.GetByTestId("delivery-status")).ToHaveTextAsync("204");
        await Expect(delivery).ToContainTextAsync(WebhookDeliveries.TestEvent);
        await delivery.GetByTestId("show-attempts").ClickAsync();
        await Expect(page.GetByTestId("attempt")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("attempt")).ToContainTextAsync("204");
        await Expect(row.GetByTestId("endpoint-last")).ToContainTextAsync("succeeded");
        await ShootAsync(page, "webhooks-log.png");

        var call = Assert.Single(received);
        Assert.Equal(WebhookSignature.Sign(secret, call.Id, long.Parse(call.Timestamp), call.Body), call.Signature);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal(WebhookDeliveries.TestEvent, body.RootElement.GetProperty("type").GetString());
        // Kept for checking the README's verify snippet by hand against a real delivery.
        var sample = Path.Combine(Shots, "delivery.json");
        await File.WriteAllTextAsync(sample, JsonSerializer.Serialize(new { secret, call.Id, call.Timestamp, call.Signature, call.Body }));
        output.WriteLine($"Delivery: {sample}");
    }

    private static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<Received> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var headers = context.Request.Headers;
            received.Enqueue(new Received(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(),
                await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync()));
            return Results.NoContent();
        });
        await receiver.StartAsync();
        return receiver;
    }

    private static string Shots => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nc-webhook-shots")).FullName;

    private async Task ShootAsync(IPage page, string name)
    {
        var path = Path.Combine(Shots, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Style = ".mud-snackbar { visibility: hidden !important; }" });
        output.WriteLine($"Screenshot: {path}");
    }
}
