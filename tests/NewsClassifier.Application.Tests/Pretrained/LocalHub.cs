using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NewsClassifier.Application.Tests.Pretrained;

/// <summary>
/// A Hugging Face-like hub on 127.0.0.1 (Kestrel, random port): <c>/{id}/resolve/{revision}/{file}</c> with Range
/// support (206 + Content-Range). Weights (LFS) files carry their SHA-256 as ETag, or, with <see cref="RedirectLfs"/>,
/// are redirected to <c>/cdn/...</c> with the SHA-256 in X-Linked-ETag, as huggingface.co does.
/// </summary>
public sealed class LocalHub : IAsyncDisposable
{
    private readonly WebApplication _server;

    /// <summary>Served files keyed "modelId/file".</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    /// <summary>Every request: path, Range header, Authorization header.</summary>
    public ConcurrentQueue<(string Path, string? Range, string? Authorization)> Requests { get; } = new();

    public bool RedirectLfs { get; set; }

    /// <summary>When set, requests to the resolve URLs need "Bearer {token}".</summary>
    public string? RequiredToken { get; set; }

    /// <summary>file name -> bytes after which the first full (non-Range) response for it is cut off.</summary>
    public ConcurrentDictionary<string, long> DropOnceAfter { get; } = new();

    /// <summary>file name -> bytes after which every response for it ends (shorter than its Content-Length).</summary>
    public ConcurrentDictionary<string, long> AlwaysTruncateAt { get; } = new();

    /// <summary>File names sent without Content-Length (chunked), so only the bytes received tell the size.</summary>
    public ConcurrentDictionary<string, bool> Unannounced { get; } = new();

    /// <summary>File names sent slowly: 1 KB every 100 ms (for cancelling a running download).</summary>
    public ConcurrentDictionary<string, bool> Slow { get; } = new();

    /// <summary>file name -> ETag announced instead of the real SHA-256.</summary>
    public ConcurrentDictionary<string, string> WrongSha256 { get; } = new();

    public Uri BaseUrl { get; }

    private LocalHub(WebApplication server)
    {
        _server = server;
        BaseUrl = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public static async Task<LocalHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LocalHub? hub = null;
        app.Map("/{**path}", (HttpContext context) => hub!.ServeAsync(context));
        await app.StartAsync();
        hub = new LocalHub(app);
        return hub;
    }

    public void AddModel(string modelId, IReadOnlyDictionary<string, byte[]> files)
    {
        foreach (var (name, bytes) in files) Files[$"{modelId}/{name}"] = bytes;
    }

    public IEnumerable<(string Path, string? Range, string? Authorization)> RequestsFor(string file) =>
        Requests.Where(r => r.Path.EndsWith("/" + file, StringComparison.Ordinal));

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var range = context.Request.Headers.Range.ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue((path, range.Length > 0 ? range : null, authorization.Length > 0 ? authorization : null));

        bool cdn = path.StartsWith("/cdn/", StringComparison.Ordinal);
        string key;
        if (cdn)
        {
            key = path["/cdn/".Length..];
        }
        else
        {
            var at = path.IndexOf("/resolve/", StringComparison.Ordinal);
            if (at < 0) { context.Response.StatusCode = 404; return; }
            var modelId = path[1..at];
            var rest = path[(at + "/resolve/".Length)..];
            var file = rest[(rest.IndexOf('/') + 1)..];
            key = $"{modelId}/{file}";
            if (RequiredToken is not null && authorization != $"Bearer {RequiredToken}") { context.Response.StatusCode = 401; return; }
        }
        if (!Files.TryGetValue(key, out var bytes)) { context.Response.StatusCode = 404; return; }
        var name = key[(key.LastIndexOf('/') + 1)..];
        bool lfs = name.EndsWith(".safetensors", StringComparison.Ordinal) || name.EndsWith(".bin", StringComparison.Ordinal);
        var etag = $"\"{(WrongSha256.TryGetValue(name, out var wrong) ? wrong : TinyCheckpoint.Sha256(bytes))}\"";

        if (lfs && RedirectLfs && !cdn)
        {
            context.Response.StatusCode = 302;
            // Another host name for the same server, as a CDN is another host: a bearer token must not follow.
            context.Response.Headers.Location = $"http://localhost:{BaseUrl.Port}/cdn/{key}";
            context.Response.Headers["X-Linked-ETag"] = etag;
            context.Response.Headers["X-Linked-Size"] = bytes.Length.ToString();
            return;
        }
        if (lfs && !RedirectLfs) context.Response.Headers.ETag = etag;

        long from = 0;
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-') && long.TryParse(range[6..^1], out var start) && start < bytes.Length)
        {
            from = start;
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{bytes.Length - 1}/{bytes.Length}";
        }
        if (!Unannounced.ContainsKey(name)) context.Response.ContentLength = bytes.Length - from;
        long cut = bytes.Length;
        if (AlwaysTruncateAt.TryGetValue(name, out var truncate)) cut = truncate;
        else if (from == 0 && DropOnceAfter.TryRemove(name, out var drop)) cut = drop;
        if (Slow.ContainsKey(name))
        {
            for (var at = (int)from; at < cut && !context.RequestAborted.IsCancellationRequested; at += 1024)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(at, (int)Math.Min(1024, cut - at)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
            return;
        }
        await context.Response.Body.WriteAsync(bytes.AsMemory((int)from, (int)(Math.Max(cut, from) - from)));
        if (cut < bytes.Length)
        {
            await context.Response.Body.FlushAsync();
            // Let the bytes reach the client before the reset, or it may never see the headers.
            await Task.Delay(200);
            context.Abort();
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
