using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace NewsClassifier.Faults.Tests.Hosting;

/// <summary>
/// A Hugging Face-like hub on 127.0.0.1 (<c>/{modelId}/resolve/{revision}/{file}</c>) that serves weights slowly, so a
/// download is still running when the case kills the web app. Weights carry their SHA-256 as ETag (as LFS files do on
/// huggingface.co) and Range requests are answered 206, so an interrupted download can be resumed. It runs in the test
/// process (HttpListener) so the web app, a separate process, downloads over real loopback HTTP.
/// </summary>
public sealed class ThrottledHub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly int _bytesPerSecond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Every request: file name and Range header ("" when none).</summary>
    public ConcurrentQueue<(string File, string Range)> Requests { get; } = new();

    /// <summary>Bytes written so far per file name, over every response.</summary>
    public ConcurrentDictionary<string, long> BytesSent { get; } = new();

    public Uri BaseUrl { get; }

    /// <param name="files">"modelId/file" -> bytes.</param>
    /// <param name="bytesPerSecond">The weights' rate; small files are sent at once.</param>
    public ThrottledHub(IReadOnlyDictionary<string, byte[]> files, int bytesPerSecond)
    {
        _files = files.ToDictionary();
        _bytesPerSecond = bytesPerSecond;
        BaseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            var at = path.IndexOf("/resolve/", StringComparison.Ordinal);
            var key = at < 0 ? "" : path[1..at] + "/" + path[(at + "/resolve/".Length)..].Split('/', 2)[^1];
            var name = key[(key.LastIndexOf('/') + 1)..];
            var range = context.Request.Headers["Range"] ?? "";
            Requests.Enqueue((name, range));
            if (!_files.TryGetValue(key, out var bytes))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }
            var weights = name.EndsWith(".safetensors", StringComparison.Ordinal) || name.EndsWith(".bin", StringComparison.Ordinal);
            if (weights) response.Headers["ETag"] = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"";
            long from = 0;
            if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-') && long.TryParse(range[6..^1], out var start) && start < bytes.Length)
            {
                from = start;
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {from}-{bytes.Length - 1}/{bytes.Length}";
            }
            response.ContentLength64 = bytes.Length - from;
            const int chunk = 4096;
            for (var offset = (int)from; offset < bytes.Length; offset += chunk)
            {
                var count = Math.Min(chunk, bytes.Length - offset);
                await response.OutputStream.WriteAsync(bytes.AsMemory(offset, count), _stop.Token);
                await response.OutputStream.FlushAsync(_stop.Token);
                BytesSent.AddOrUpdate(name, count, (_, sent) => sent + count);
                if (weights) await Task.Delay(TimeSpan.FromSeconds((double)count / _bytesPerSecond), _stop.Token);
            }
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (killed mid-download) or the hub stops.
            try { response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        _stop.Dispose();
    }
}
