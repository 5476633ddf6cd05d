using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Import;

/// <summary>The downloader against a real HTTP server on 127.0.0.1 (Kestrel, random port), allowed through
/// Outbound:AllowedHosts (the refusals of the default configuration: OutboundGuardTests).</summary>
public sealed class FileDownloaderTests : IAsyncLifetime
{
    private static readonly byte[] Payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251)).ToArray();
    private WebApplication _server = null!;
    private TestDatabase _db = null!;
    private Uri _base = null!;
    private readonly List<string?> _rangeHeaders = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        // Supports Range requests (206 with Content-Range), like a static file server.
        _server.MapGet("/file.csv", (HttpContext context) =>
        {
            _rangeHeaders.Add(context.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null);
            return Results.Bytes(Payload, "text/csv", enableRangeProcessing: true);
        });
        // Ignores Range: always the whole file with 200.
        _server.MapGet("/norange.csv", () => Results.Bytes(Payload, "text/csv"));
        // Announces the full length, sends half, then drops the connection.
        _server.MapGet("/broken.csv", async (HttpContext context) =>
        {
            context.Response.ContentLength = Payload.Length;
            await context.Response.Body.WriteAsync(Payload.AsMemory(0, Payload.Length / 2));
            await context.Response.Body.FlushAsync();
            context.Abort();
        });
        _server.MapGet("/error", () => Results.StatusCode(503));
        await _server.StartAsync();
        _base = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _db = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["Outbound:AllowedHosts:0"] = "127.0.0.1" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _db.DisposeAsync();
    }

    private FileDownloader Downloader => _db.Services.GetRequiredService<FileDownloader>();

    private string Destination => Path.Combine(_db.Directory, "downloads", "file.csv");

    [Fact]
    public async Task Downloads_to_the_destination_with_progress_and_no_partial_left()
    {
        var reports = new List<DownloadProgress>();
        var bytes = await Downloader.DownloadAsync(new Uri(_base, "/file.csv"), Destination, new InlineProgress<DownloadProgress>(reports.Add), CancellationToken.None);
        Assert.Equal(Payload.Length, bytes);
        Assert.Equal(Payload, await File.ReadAllBytesAsync(Destination));
        Assert.False(File.Exists(Destination + ".partial"));
        Assert.Equal(new DownloadProgress(Payload.Length, Payload.Length), reports[^1]);
        Assert.Equal([null], _rangeHeaders);
    }

    [Fact]
    public async Task Resumes_a_partial_file_with_a_range_request()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        await File.WriteAllBytesAsync(Destination + ".partial", Payload.AsSpan(0, 100_000).ToArray());
        var bytes = await Downloader.DownloadAsync(new Uri(_base, "/file.csv"), Destination, null, CancellationToken.None);
        Assert.Equal(Payload.Length, bytes);
        Assert.Equal(Payload, await File.ReadAllBytesAsync(Destination));
        Assert.Equal(["bytes=100000-"], _rangeHeaders);
    }

    [Fact]
    public async Task Starts_over_when_the_server_ignores_the_range()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        await File.WriteAllBytesAsync(Destination + ".partial", new byte[1234]);
        var bytes = await Downloader.DownloadAsync(new Uri(_base, "/norange.csv"), Destination, null, CancellationToken.None);
        Assert.Equal(Payload.Length, bytes);
        Assert.Equal(Payload, await File.ReadAllBytesAsync(Destination));
    }

    [Fact]
    public async Task A_short_body_is_a_size_mismatch_that_keeps_the_partial_for_resuming()
    {
        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            Downloader.DownloadAsync(new Uri(_base, "/broken.csv"), Destination, null, CancellationToken.None));
        Assert.Contains("resume", e.Message);
        Assert.False(File.Exists(Destination));
        var partial = new FileInfo(Destination + ".partial");
        Assert.True(partial.Exists);
        Assert.True(partial.Length < Payload.Length);

        // The next attempt, against a server that can resume, completes the same file.
        var bytes = await Downloader.DownloadAsync(new Uri(_base, "/file.csv"), Destination, null, CancellationToken.None);
        Assert.Equal(Payload.Length, bytes);
        Assert.Equal(Payload, await File.ReadAllBytesAsync(Destination));
        Assert.Equal([$"bytes={partial.Length}-"], _rangeHeaders);
    }

    [Fact]
    public async Task Http_errors_are_clear()
    {
        var notFound = await Assert.ThrowsAsync<DownloadException>(() =>
            Downloader.DownloadAsync(new Uri(_base, "/missing.csv"), Destination, null, CancellationToken.None));
        Assert.StartsWith("Not found (HTTP 404)", notFound.Message);
        var unavailable = await Assert.ThrowsAsync<DownloadException>(() =>
            Downloader.DownloadAsync(new Uri(_base, "/error"), Destination, null, CancellationToken.None));
        Assert.Contains("HTTP 503", unavailable.Message);
        Assert.False(File.Exists(Destination));
    }

    [Fact]
    public async Task Only_http_and_https()
    {
        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            Downloader.DownloadAsync(new Uri("file:///etc/passwd"), Destination, null, CancellationToken.None));
        Assert.Contains("Only http and https", e.Message);
        await Assert.ThrowsAsync<DownloadException>(() =>
            Downloader.DownloadAsync(new Uri("ftp://127.0.0.1/x"), Destination, null, CancellationToken.None));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            Downloader.DownloadAsync(new Uri("http://127.0.0.1:1/x.csv"), Destination, null, CancellationToken.None));
        Assert.StartsWith("Could not reach 127.0.0.1", e.Message);
    }
}
