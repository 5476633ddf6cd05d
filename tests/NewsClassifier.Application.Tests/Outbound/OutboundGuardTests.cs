using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Outbound;

namespace NewsClassifier.Application.Tests.Outbound;

/// <summary>
/// Every download goes through the guarded client. With the default configuration nothing on this machine or its
/// network is fetched, in any spelling, on any redirect hop, and the local server below never sees the request; the
/// allow-list opens exactly what it names. Size cap and timeouts against a real server on 127.0.0.1.
/// </summary>
public sealed class OutboundGuardTests : IAsyncLifetime
{
    private const string Rule = "this server does not fetch from loopback, private, link-local or multicast addresses (Outbound:AllowedHosts lists exceptions).";
    private static readonly byte[] Payload = Enumerable.Range(0, 3000).Select(i => (byte)('a' + i % 26)).ToArray();

    private LocalWebServer _server = null!;
    private readonly List<TestDatabase> _databases = [];

    public async Task InitializeAsync()
    {
        _server = await LocalWebServer.StartAsync(app =>
        {
            app.MapGet("/file.csv", () => Results.Bytes(Payload, "text/csv"));
            // No Content-Length: the size is only known while streaming.
            app.MapGet("/chunked", async (HttpContext context) =>
            {
                for (var i = 0; i < 3; i++)
                {
                    await context.Response.Body.WriteAsync(Payload.AsMemory(0, 1000));
                    await context.Response.Body.FlushAsync();
                }
            });
            app.MapGet("/redirect", (string to) => Results.Redirect(to));
            app.MapGet("/loop", () => Results.Redirect("/loop"));
            // Headers and one byte, then nothing: a server dripping a byte a minute.
            app.MapGet("/drip", async (HttpContext context) =>
            {
                context.Response.ContentLength = 1000;
                await context.Response.Body.WriteAsync(Payload.AsMemory(0, 1));
                await context.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { });
            });
            // Accepts the request and never answers.
            app.MapGet("/silent", async (HttpContext context) =>
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }));
            // A byte every 200 ms: never idle, but never done.
            app.MapGet("/slow", async (HttpContext context) =>
            {
                context.Response.ContentLength = 1000;
                for (var i = 0; i < 150 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(Payload.AsMemory(i, 1));
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(200, context.RequestAborted).ContinueWith(_ => { });
                }
            });
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var db in _databases) await db.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<TestDatabase> DatabaseAsync(Dictionary<string, string?>? settings = null)
    {
        var db = await TestDatabase.CreateAsync(settings);
        _databases.Add(db);
        return db;
    }

    private static Dictionary<string, string?> AllowLoopback(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Outbound:AllowedHosts:0"] = "127.0.0.1" };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    private static string Destination(TestDatabase db) => Path.Combine(db.Directory, "downloads", "file.csv");

    private static void AssertNothingWritten(TestDatabase db)
    {
        Assert.False(File.Exists(Destination(db)), "no downloaded file");
        Assert.False(File.Exists(Destination(db) + ".partial"), "no .partial file");
    }

    private string Fill(string template) => template.Replace("{port}", _server.Port.ToString());

    [Theory]
    [InlineData("http://127.0.0.1:{port}/file.csv", "resolves to 127.0.0.1, a loopback address")]
    [InlineData("http://127.1.2.3:{port}/file.csv", "resolves to 127.1.2.3, a loopback address")]
    [InlineData("http://2130706433:{port}/file.csv", "resolves to 127.0.0.1, a loopback address")]
    [InlineData("http://localhost:{port}/file.csv", "names localhost, which is this machine")]
    [InlineData("http://LOCALHOST.:{port}/file.csv", "which is this machine")]
    [InlineData("http://api.localhost:{port}/file.csv", "names api.localhost, which is this machine")]
    [InlineData("http://[::1]:{port}/file.csv", "resolves to ::1, a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/file.csv", "a loopback address")]
    [InlineData("http://0.0.0.0:{port}/file.csv", "resolves to 0.0.0.0, an unspecified")]
    [InlineData("http://[::]:{port}/file.csv", "resolves to ::, an unspecified address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "resolves to 169.254.169.254, a link-local address")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "a link-local address")]
    [InlineData("http://[fe80::1]/x.csv", "a link-local address")]
    [InlineData("http://10.0.0.1/x.csv", "resolves to 10.0.0.1, a private address")]
    [InlineData("http://172.16.5.4/x.csv", "a private address")]
    [InlineData("http://192.168.1.1/x.csv", "a private address")]
    [InlineData("http://[fd00::1]/x.csv", "a private (unique local) address")]
    [InlineData("http://100.64.0.1/x.csv", "a carrier-grade NAT (shared) address")]
    [InlineData("http://224.0.0.1/x.csv", "a multicast address")]
    [InlineData("http://[ff02::1]/x.csv", "a multicast address")]
    [InlineData("http://255.255.255.255/x.csv", "a broadcast address")]
    public async Task The_default_configuration_refuses_internal_addresses_before_connecting(string template, string expected)
    {
        var db = await DatabaseAsync();
        var downloader = db.Services.GetRequiredService<FileDownloader>();

        var e = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new Uri(Fill(template)), Destination(db), null, CancellationToken.None));

        Assert.Contains(expected, e.Message);
        Assert.EndsWith(Rule, e.Message);
        Assert.Empty(_server.Requests);
        AssertNothingWritten(db);
    }

    [Fact]
    public async Task The_refusal_names_the_url_the_address_its_kind_and_the_setting()
    {
        var db = await DatabaseAsync();
        var url = _server.Url("/file.csv");

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            db.Services.GetRequiredService<FileDownloader>().DownloadAsync(url, Destination(db), null, CancellationToken.None));

        Assert.Equal($"{url} resolves to 127.0.0.1, a loopback address: {Rule}", e.Message);
    }

    [Fact]
    public async Task The_client_itself_checks_the_address_it_connects_to()
    {
        // Bypasses FileDownloader's checks: the handler's connect callback refuses on its own.
        var db = await DatabaseAsync();
        var client = db.Services.GetRequiredService<IHttpClientFactory>().CreateClient(OutboundServiceExtensions.HttpClientName);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(_server.Url("/file.csv")));

        var refused = FindInner<OutboundRefusedException>(e);
        Assert.Equal($"{_server.Url("/file.csv")} resolves to 127.0.0.1, a loopback address: {Rule}", refused.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task An_allowed_name_opens_that_name_only()
    {
        var db = await DatabaseAsync(new() { ["Outbound:AllowedHosts:0"] = "localhost" });
        var downloader = db.Services.GetRequiredService<FileDownloader>();

        var bytes = await downloader.DownloadAsync(new Uri($"http://localhost:{_server.Port}/file.csv"), Destination(db), null, CancellationToken.None);
        Assert.Equal(Payload.Length, bytes);
        File.Delete(Destination(db));

        // The same server by its address is not on the list.
        var e = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(_server.Url("/file.csv"), Destination(db), null, CancellationToken.None));
        Assert.Contains("a loopback address", e.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task An_allowed_range_opens_its_addresses()
    {
        var db = await DatabaseAsync(new() { ["Outbound:AllowedHosts:0"] = "127.0.0.0/8" });

        var bytes = await db.Services.GetRequiredService<FileDownloader>().DownloadAsync(_server.Url("/file.csv"), Destination(db), null, CancellationToken.None);

        Assert.Equal(Payload.Length, bytes);
        Assert.Equal(Payload, await File.ReadAllBytesAsync(Destination(db)));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "resolves to 169.254.169.254, a link-local address")]
    [InlineData("http://10.1.2.3/x.csv", "resolves to 10.1.2.3, a private address")]
    [InlineData("http://localhost:{port}/file.csv", "names localhost, which is this machine")]
    [InlineData("http://[::1]:{port}/file.csv", "resolves to ::1, a loopback address")]
    [InlineData("http://[::ffff:192.168.0.1]/x.csv", "a private address")]
    [InlineData("http://user:secret@127.0.0.1:{port}/file.csv", "carries a user name or password")]
    [InlineData("file:///etc/passwd", "Only http and https URLs can be downloaded")]
    public async Task A_redirect_from_an_allowed_host_to_a_refused_one_is_refused(string target, string expected)
    {
        var db = await DatabaseAsync(AllowLoopback());
        var url = _server.Url("/redirect?to=" + Uri.EscapeDataString(Fill(target)));

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            db.Services.GetRequiredService<FileDownloader>().DownloadAsync(url, Destination(db), null, CancellationToken.None));

        var prefix = $"{url} redirected to an address that is refused: ";
        Assert.StartsWith(prefix, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("secret", e.Message[prefix.Length..]); // (the first URL carries it in its query, as the test asked)
        Assert.Equal(["/redirect?to=" + Uri.EscapeDataString(Fill(target))], _server.Requests);
        AssertNothingWritten(db);
    }

    [Fact]
    public async Task Redirects_are_limited()
    {
        var db = await DatabaseAsync(AllowLoopback(new() { ["Outbound:MaxRedirects"] = "2" }));

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            db.Services.GetRequiredService<FileDownloader>().DownloadAsync(_server.Url("/loop"), Destination(db), null, CancellationToken.None));

        Assert.Equal($"{_server.Url("/loop")} redirected more than 2 times (Outbound:MaxRedirects).", e.Message);
        Assert.Equal(3, _server.Requests.Count);
        AssertNothingWritten(db);
    }

    [Theory]
    [InlineData("https://user:secret@example.com/x.csv")]
    [InlineData("http://token@127.0.0.1:{port}/file.csv")]
    public async Task A_url_with_credentials_is_refused_without_showing_them(string template)
    {
        var db = await DatabaseAsync(AllowLoopback());
        var url = new Uri(Fill(template));

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            db.Services.GetRequiredService<FileDownloader>().DownloadAsync(url, Destination(db), null, CancellationToken.None));

        Assert.Equal($"{OutboundGuard.Display(url)} carries a user name or password before its host: credentials in URLs are refused so that they are " +
                     "never stored, logged or shown. Remove the 'user:password@' part (a hub token belongs in Pretrained:HubToken).", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain("token@", e.Message);
        Assert.Empty(_server.Requests);
        AssertNothingWritten(db);
    }

    [Fact]
    public async Task Dataset_downloads_are_capped_by_Import_MaxDownloadBytes_announced_or_not()
    {
        var db = await DatabaseAsync(AllowLoopback(new() { ["Import:MaxDownloadBytes"] = "1000" }));
        var downloader = db.Services.GetRequiredService<FileDownloader>();

        var announced = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(_server.Url("/file.csv"), Destination(db), null, CancellationToken.None));
        Assert.Equal($"{_server.Url("/file.csv")} is 3,000 bytes, over the 1,000-byte download limit (Import:MaxDownloadBytes); nothing was downloaded.", announced.Message);
        AssertNothingWritten(db);

        var streamed = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(_server.Url("/chunked"), Destination(db), null, CancellationToken.None));
        Assert.Equal($"{_server.Url("/chunked")} went past the 1,000-byte download limit (Import:MaxDownloadBytes); the download was discarded.", streamed.Message);
        AssertNothingWritten(db);
    }

    [Fact]
    public async Task Without_its_own_cap_a_dataset_download_may_be_as_large_as_an_upload()
    {
        var db = await DatabaseAsync(AllowLoopback(new() { ["Import:MaxUploadBytes"] = "2000" }));

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            db.Services.GetRequiredService<FileDownloader>().DownloadAsync(_server.Url("/file.csv"), Destination(db), null, CancellationToken.None));

        Assert.Contains("over the 2,000-byte download limit (Import:MaxDownloadBytes)", e.Message);
    }

    [Fact]
    public async Task A_server_that_stops_sending_is_dropped_after_the_idle_timeout()
    {
        var db = await DatabaseAsync(AllowLoopback(new() { ["Outbound:IdleTimeoutSeconds"] = "1" }));
        var downloader = db.Services.GetRequiredService<FileDownloader>();
        var clock = Stopwatch.StartNew();

        var drip = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(_server.Url("/drip"), Destination(db), null, CancellationToken.None));
        Assert.Equal("The download stalled: nothing received for 1 s (Outbound:IdleTimeoutSeconds) after 1 bytes. Try again to resume.", drip.Message);

        var silent = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(_server.Url("/silent"), Destination(db), null, CancellationToken.None));
        Assert.Equal("The server at 127.0.0.1 did not answer within 1 s (Outbound:IdleTimeoutSeconds).", silent.Message);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"both gave up after {clock.Elapsed}");
        Assert.False(File.Exists(Destination(db)));
    }

    [Fact]
    public async Task A_download_that_never_ends_is_stopped_after_the_total_timeout()
    {
        // The idle limit is far above the 200 ms between bytes, so only the total limit can stop it, however loaded the machine.
        var db = await DatabaseAsync(AllowLoopback(new() { ["Outbound:IdleTimeoutSeconds"] = "10", ["Outbound:TotalTimeoutSeconds"] = "2" }));
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            db.Services.GetRequiredService<FileDownloader>().DownloadAsync(_server.Url("/slow"), Destination(db), null, CancellationToken.None));

        Assert.Equal($"The download of {_server.Url("/slow")} took longer than 2 s (Outbound:TotalTimeoutSeconds) and was stopped. Try again to resume.", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"gave up after {clock.Elapsed}");
        Assert.False(File.Exists(Destination(db)));
    }

    [Theory]
    [InlineData("Outbound:AllowedHosts:0", "not a host!", "Outbound:AllowedHosts entry 'not a host!' is neither a host name, an IP address nor a CIDR range")]
    [InlineData("Outbound:MaxRedirects", "50", "MaxRedirects")]
    [InlineData("Outbound:IdleTimeoutSeconds", "0", "IdleTimeoutSeconds")]
    public async Task Invalid_settings_are_refused_at_start(string key, string value, string expected)
    {
        var db = await DatabaseAsync(new() { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => db.Services.GetRequiredService<IOptions<OutboundOptions>>().Value);

        Assert.Contains(expected, e.Message);
    }

    private static T FindInner<T>(Exception e) where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found) return found;
        }
        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} inside {e}");
    }
}
